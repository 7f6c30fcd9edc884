/** The project folder (where package.json is), whether this runs from src/ (tests) or dist/src/ (built). */
export const projectRoot = new URL(import.meta.url.includes('/dist/src/') ? '../../' : '../', import.meta.url);
