/** exceljs's streaming workbook writer on its own (xlsx-writer.mjs loads it without the rest of exceljs). */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type { stream } from 'exceljs';

  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
