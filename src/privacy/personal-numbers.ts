// Norwegian fødselsnummer and account-number checksums, following Skatteetaten's rules
// (folkeregisteret-api-dokumentasjon, "nytt fødselsnummer fra 2032") and the MOD11 account check.

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const ELEVEN_DIGITS = /^\d{11}$/;

function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0);
}

function toDigits(value: string): number[] {
  return [...value].map(Number);
}

/** The old rule (remainder 0) and the 2032 rule (remainder 0-3) hold at once; K2 is unchanged. */
function hasValidChecksums(digits: readonly number[]): boolean {
  const k1 = digits[9] ?? 0;
  const k2 = digits[10] ?? 0;
  return (weightedSum(digits, K1_WEIGHTS) + k1) % 11 <= 3 && (weightedSum(digits, K2_WEIGHTS) + k2) % 11 === 0;
}

function daysInMonth(month: number, yy: number): number {
  // The individnummer carries no century from 2032, so 29 February is allowed whenever yy % 4 == 0.
  const days = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return days[month - 1] ?? 0;
}

/** D-nummer adds 40 to the day; H-nummer and NAV synthetic add 40 to the month, Tenor synthetic 80. */
function hasValidBirthDate(digits: string): boolean {
  const dayField = Number(digits.slice(0, 2));
  const monthField = Number(digits.slice(2, 4));
  const day = dayField >= 40 ? dayField - 40 : dayField;
  const month = monthField > 80 ? monthField - 80 : monthField > 40 ? monthField - 40 : monthField;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(month, Number(digits.slice(4, 6)));
}

/** Fødselsnummer, D-, H-, synthetic (NAV, Tenor) or FH-nummer, by shape and checksums only, never by century. */
export function isFodselsnummer(digits: string): boolean {
  if (!ELEVEN_DIGITS.test(digits) || !hasValidChecksums(toDigits(digits))) return false;
  const isFhNumber = digits[0] === '8' || digits[0] === '9';
  return isFhNumber || hasValidBirthDate(digits);
}

/** MOD11 over the first ten digits; a remainder that would need check digit 10 is never valid. */
export function isAccountNumber(digits: string): boolean {
  if (!ELEVEN_DIGITS.test(digits)) return false;
  const values = toDigits(digits);
  return (weightedSum(values, K2_WEIGHTS) + (values[10] ?? 0)) % 11 === 0;
}
