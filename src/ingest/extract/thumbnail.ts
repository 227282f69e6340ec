import { imageSize } from './imageSize';

/** Covers are stored about this wide: sharp on a grid card at 2x, a few KB each. */
export const COVER_WIDTH = 300;
/** Tall, narrow pages (or images) are cut to this height rather than making huge thumbnails. */
export const COVER_MAX_HEIGHT = COVER_WIDTH * 3;
/** Below this in either dimension an image is an icon, not a cover. */
const MIN_SIDE = 64;
/** Above this many pixels we do not decode at all (pixel bombs). */
const MAX_PIXELS = 80_000_000;

/** Covers need OffscreenCanvas and createImageBitmap: browsers and workers have them, Node does not. */
export function canMakeThumbnails(): boolean {
  return typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap === 'function';
}

/** Encodes a canvas as WebP (smallest), or JPEG where the browser cannot encode WebP (Safari). */
export async function encodeThumbnail(canvas: OffscreenCanvas): Promise<Blob> {
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
  // An unsupported type silently yields PNG: check what we got.
  if (webp.type === 'image/webp') return webp;
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.82 });
}

/**
 * Thumbnail geometry for a source of this size: COVER_WIDTH wide, `scaledHeight` in
 * proportion, and the canvas cut to at most COVER_MAX_HEIGHT (the top of a very tall page).
 */
export function thumbnailSize(width: number, height: number): { width: number; scaledHeight: number; height: number } {
  const scaledHeight = Math.max(1, Math.round((height * COVER_WIDTH) / width));
  return { width: COVER_WIDTH, scaledHeight, height: Math.min(COVER_MAX_HEIGHT, scaledHeight) };
}

/**
 * A cover thumbnail from image bytes (EPUB cover image). Null for formats a worker cannot
 * decode (SVG), icons, pixel bombs and undecodable data: a missing cover is never an error.
 */
export async function thumbnailFromImage(bytes: Uint8Array, mediaType: string): Promise<Blob | null> {
  if (!canMakeThumbnails() || /svg/i.test(mediaType)) return null;
  const size = imageSize(bytes);
  if (size && !isCoverSized(size.width, size.height)) return null;
  let bitmap: ImageBitmap | undefined;
  try {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType || 'application/octet-stream' });
    // Decode straight to the target size when the header told us the aspect ratio: Chromium
    // then decodes JPEGs at reduced scale, several times faster than decode-then-shrink.
    const known = size ? thumbnailSize(size.width, size.height) : null;
    bitmap = known
      ? await createImageBitmap(blob, { resizeWidth: known.width, resizeHeight: known.scaledHeight, resizeQuality: 'high' })
      : await createImageBitmap(blob);
    if (!known && !isCoverSized(bitmap.width, bitmap.height)) return null;
    const { width, height, scaledHeight } = known ?? thumbnailSize(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    // Transparent PNG covers would turn black in JPEG: lay them on white.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, scaledHeight);
    return await encodeThumbnail(canvas);
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}

function isCoverSized(width: number, height: number): boolean {
  return width >= MIN_SIDE && height >= MIN_SIDE && width * height <= MAX_PIXELS && height / width <= 20;
}
