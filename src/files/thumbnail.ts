// Thumbnails of image supporting files, made once at upload so that a page of photos loads kilobytes, not the
// originals (docs/design.md "Supporting files"). sharp (libvips) is used because decoding JPEG/PNG/GIF/WebP and
// resizing them well is not something to write by hand. It is loaded on the first image (~140 ms and a native
// library), not when the server or a CLI command that never sees an upload starts.

/** Longest side of a thumbnail, in pixels (pages show them at half this for sharp rendering on HiDPI screens). */
export const THUMBNAIL_SIZE = 320;
/** An image with more pixels than this is not decoded (a decompression bomb); ~ a 120-megapixel photo. */
const MAX_PIXELS = 120_000_000;

/** A WebP thumbnail, turned upright by the photo's EXIF orientation; null when the bytes cannot be decoded as an image. */
export async function makeThumbnail(bytes: Uint8Array): Promise<Uint8Array | null> {
  // Outside the try: a library that will not load is a fault of the installation, not a damaged image.
  const { default: sharp } = await import('sharp');
  try {
    const out = await sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    return null;
  }
}
