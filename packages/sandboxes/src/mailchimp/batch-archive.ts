import zlib from 'node:zlib';
import { Header } from 'tar';

/** One 512-byte ustar header, encoded (fields, octal numbers, checksum) by node-tar. */
const header = (path: string, size: number, type: 'File' | 'Directory', mtime: number): Buffer => {
  const block = Buffer.alloc(512);
  new Header({
    path,
    size,
    type,
    mode: type === 'Directory' ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    mtime: new Date(mtime),
  }).encode(block);
  return block;
};

/**
 * A gzipped tar archive, the shape of Mailchimp's batch results (docs/providers/mailchimp.md#batch-results): a
 * directory named after the batch holding JSON files. Each entry is a header followed by its content padded to 512
 * bytes; two zero blocks end the archive.
 */
export const gzipTar = (dir: string, files: Array<{ name: string; content: string }>, mtime: number): Buffer => {
  const parts: Buffer[] = [header(`${dir}/`, 0, 'Directory', mtime)];
  for (const file of files) {
    const data = Buffer.from(file.content, 'utf8');
    parts.push(header(`${dir}/${file.name}`, data.length, 'File', mtime), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return zlib.gzipSync(Buffer.concat(parts));
};
