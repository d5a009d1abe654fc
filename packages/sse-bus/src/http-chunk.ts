/**
 * HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) of a frame: `<size in hex>\r\n<bytes>\r\n`.
 * The node:http handler writes frames to the socket itself, so it frames each shared frame once
 * and writes the same framed bytes to every socket (one write each, instead of four through
 * `ServerResponse.write`).
 */

const CRLF = new Uint8Array([13, 10]);
const encoder = new TextEncoder();
// Frame → its chunk; a frame shared by every stream is framed by the first writer only.
const framed = new WeakMap<Uint8Array, Uint8Array>();

/**
 * `bytes` as one chunk of a chunked body (never the empty last chunk: empty input stays empty).
 *
 * @example
 * new TextDecoder().decode(httpChunkOf(new TextEncoder().encode('data: x\n\n'))); // '9\r\ndata: x\n\n\r\n'
 */
export function httpChunkOf(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength === 0) return bytes;
  let chunk = framed.get(bytes);
  if (chunk === undefined) {
    const size = encoder.encode(`${bytes.byteLength.toString(16)}\r\n`);
    chunk = new Uint8Array(size.byteLength + bytes.byteLength + CRLF.byteLength);
    chunk.set(size, 0);
    chunk.set(bytes, size.byteLength);
    chunk.set(CRLF, size.byteLength + bytes.byteLength);
    framed.set(bytes, chunk);
  }
  return chunk;
}
