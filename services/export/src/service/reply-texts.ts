import type { ExportJob, JobProgress } from './export-job.js';

/** Discord's limit on a message's content. */
const CONTENT_LIMIT = 2000;

const channelList = (job: ExportJob) => job.options.channels.map((id) => `<#${id}>`).join(', ');

/** The reply while a job waits for a worker. */
export function queuedText(job: ExportJob): string {
  return `Export of ${channelList(job)} queued (${job.options.formats.join(', ')}).`;
}

/** The reply while a job runs. */
export function progressText(job: ExportJob, progress: JobProgress): string {
  const percent = Math.floor(Math.min(1, Math.max(0, progress.fraction)) * 100);
  return `Exporting ${channelList(job)}… ${percent}% (${progress.messages.toLocaleString('en-US')} messages)`;
}

/** The reply of a finished job whose files are attached. */
export function attachedText(job: ExportJob, messages: number): string {
  return `Exported ${messages.toLocaleString('en-US')} messages of ${channelList(job)}.`;
}

/**
 * The reply of a finished job too large to attach: one link per file while they fit in a message, then
 * how many more there are and where the whole list is.
 */
export function linkedText(
  job: ExportJob,
  messages: number,
  links: readonly { name: string; url: string }[],
  until: Date,
): string {
  const head = `Exported ${messages.toLocaleString('en-US')} messages of ${channelList(job)}; too large to attach. Links valid until <t:${Math.floor(until.getTime() / 1000)}:f>:`;
  const lines: string[] = [];
  let length = head.length;
  for (const [index, link] of links.entries()) {
    const line = `\n- [${link.name.replace(/[[\]]/g, '')}](${link.url})`;
    const rest = links.length - index;
    const tail = `\n…and ${rest} more files: GET /exports/${job.id}`;
    if (length + line.length + tail.length > CONTENT_LIMIT) {
      lines.push(tail);
      break;
    }
    lines.push(line);
    length += line.length;
  }
  return head + lines.join('');
}

/** The reply of a job given up on. */
export function failedText(reason: string): string {
  const text = `The export failed: ${reason}`;
  return text.length > CONTENT_LIMIT ? `${text.slice(0, CONTENT_LIMIT - 1)}…` : text;
}
