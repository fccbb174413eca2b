import zlib from 'node:zlib';

/**
 * A gzipped POSIX tar (ustar) archive, the shape of Mailchimp's batch results (docs/providers/mailchimp.md#batch-results):
 * a directory named after the batch holding JSON files. Written by hand (the format is a 512-byte header per entry,
 * the content padded to 512 bytes, two zero blocks at the end) so the sandbox needs no archive library.
 */
const header = (name: string, size: number, type: '0' | '5', mtime: number): Buffer => {
  const block = Buffer.alloc(512, 0);
  const put = (value: string, offset: number, length: number) => block.write(value.slice(0, length), offset, 'utf8');
  const octal = (n: number, length: number) => `${n.toString(8).padStart(length - 1, '0')}\0`;
  put(name, 0, 100);
  put(octal(type === '5' ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8); // checksum field counts as spaces while summing
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
};

export const gzipTar = (dir: string, files: Array<{ name: string; content: string }>, mtime: number): Buffer => {
  const parts: Buffer[] = [header(`${dir}/`, 0, '5', mtime)];
  for (const file of files) {
    const data = Buffer.from(file.content, 'utf8');
    parts.push(header(`${dir}/${file.name}`, data.length, '0', mtime), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return zlib.gzipSync(Buffer.concat(parts));
};
