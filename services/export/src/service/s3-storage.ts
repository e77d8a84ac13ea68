import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { OutputStorage, StoredFile } from './output-storage.js';

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every key, e.g. `exports/`. */
  prefix?: string;
  /** An S3-compatible server's URL; AWS when absent. */
  endpoint?: string | undefined;
  region: string;
  /** Both or neither; the SDK's default chain (environment, instance role) when neither. */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle?: boolean;
}

/** Multipart parts of 8 MiB, four in flight: at most 32 MiB held per upload, whatever the file's size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

/** Finished exports in an S3-compatible bucket, uploaded as streamed multipart uploads. */
export class S3Storage implements OutputStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StorageOptions) {
    const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle ?? true };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.accessKeyId && options.secretAccessKey) {
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    }
    this.client = new S3Client(config);
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
  }

  async put(key: string, localPath: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.prefix + key, Body: createReadStream(localPath) },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      // A failed upload leaves no parts behind to be billed.
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async open(key: string): Promise<StoredFile | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return { body: object.Body as Readable, bytes: object.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  close(): void {
    this.client.destroy();
  }
}
