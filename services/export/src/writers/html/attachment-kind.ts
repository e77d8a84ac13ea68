/** How an attachment is shown: inline as an image, a player, or a link to the file. */
export type AttachmentKind = 'image' | 'video' | 'audio' | 'file';

/** DCE's Attachment.IsImage / IsVideo / IsAudio extensions, compared ignoring case. */
const kinds = new Map<string, AttachmentKind>([
  ...['.jpg', '.jpeg', '.png', '.gif', '.bmp', '.webp'].map((extension) => [extension, 'image'] as const),
  ...['.gifv', '.mp4', '.webm', '.mov'].map((extension) => [extension, 'video'] as const),
  ...['.mp3', '.wav', '.ogg', '.flac', '.m4a'].map((extension) => [extension, 'audio'] as const),
]);

/** The kind of an attachment, by its file name's extension, as DCE decides it. */
export function attachmentKind(fileName: string): AttachmentKind {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? 'file' : (kinds.get(fileName.slice(dot).toLowerCase()) ?? 'file');
}

/** Discord hides an attachment whose name starts with SPOILER_ until it is clicked. */
export const isSpoiler = (fileName: string): boolean => fileName.startsWith('SPOILER_');
