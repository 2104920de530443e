// How a workbook leaves the server (docs/design.md "Official tables"): its media type and a Content-Disposition
// that keeps the Chinese file name for browsers that read `filename*` and an ASCII one for those that do not.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ZIP_TYPE = 'application/zip';

/** `attachment` with an ASCII fallback and the real (Chinese) name per RFC 6266 / 5987. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The headers every workbook download is sent with. */
export function workbookHeaders(fileName: string): Record<string, string> {
  return { 'content-type': XLSX_TYPE, 'content-disposition': attachment(fileName), 'cache-control': 'no-store' };
}

/** The headers the self-evaluation package is sent with. */
export function zipHeaders(fileName: string): Record<string, string> {
  return { 'content-type': ZIP_TYPE, 'content-disposition': attachment(fileName), 'cache-control': 'no-store' };
}
