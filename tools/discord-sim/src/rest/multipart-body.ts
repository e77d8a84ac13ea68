import type { FastifyRequest } from 'fastify';
import { restErrors } from './errors.js';
import type { UploadedFile } from './route-definition.js';

const FILE_FIELD = /^files\[(\d+)\]$/;

/**
 * Reads a multipart body as Discord takes it: the JSON in `payload_json`, files in `files[n]`. Other
 * fields are ignored, as the simulator takes no form-encoded JSON fields.
 */
export async function readMultipartBody(request: FastifyRequest): Promise<{ body: unknown; files: UploadedFile[] }> {
  let body: unknown;
  const files: UploadedFile[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const match = FILE_FIELD.exec(part.fieldname);
      const bytes = await part.toBuffer();
      if (!match) continue;
      files.push({
        index: Number(match[1]),
        name: part.filename,
        contentType: part.mimetype || 'application/octet-stream',
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      });
    } else if (part.fieldname === 'payload_json') {
      try {
        body = JSON.parse(String(part.value));
      } catch {
        throw restErrors.invalidJson();
      }
    }
  }
  return { body, files };
}
