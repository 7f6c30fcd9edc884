/**
 * A theme with no words of its own, "Brøyting" (snow clearing): eight comments an editor put in it, four new ones
 * like them and four unrelated. The unit test of the model and the API test of suggestions both learn from these.
 */
export const snowClearing = {
  chosen: [
    'Veien vår er ikke brøytet på tre dager',
    'Når kommer brøytebilen til Solbakken?',
    'Snøen ligger meterhøyt i gata og ingen har brøytet',
    'Brøytemannskapet la en snøvoll foran innkjørselen',
    'Fortauet er ikke brøytet, umulig å gå med barnevogn',
    'Hvem har ansvar for brøyting av privat vei?',
    'Strøing og brøyting av gangveien til skolen mangler',
    'Det er glatt og ikke strødd, og snøen er ikke fjernet',
  ],
  similar: [
    'Gata vår blir aldri brøytet før klokka ni',
    'Hvorfor er ikke fortauet brøytet i dag?',
    'Brøytebilen har ødelagt postkassen vår',
    'Snøen fra brøytingen sperrer innkjørselen',
  ],
  unrelated: [
    'Hvor finner jeg åpningstidene til biblioteket?',
    'Søknad om barnehageplass, når får jeg svar',
    'Eiendomsskatten er for høy i år',
    'Flott side om kulturskolen, takk',
  ],
};
