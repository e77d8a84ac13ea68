/** A job's file as the API serves it, each segment of its name encoded (names hold spaces and brackets). */
export function fileUrl(jobId: string, name: string): string {
  return `/exports/${jobId}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
}
