/**
 * Headers of every supporting file the server hands back, API or page alike (docs/design.md "Supporting files"):
 * a download is never rendered in place nor sniffed into another type, and no shared cache keeps a copy.
 */
export function fileHeaders(mediaType: string, disposition: string): Record<string, string> {
  return {
    'content-type': mediaType,
    'content-disposition': disposition,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
}
