// Markdown shared by every dialect's hover.
import { parseSourceUrl } from '../url.js';

/** A source URL as inline code with its host in bold (the part the host rules judge). */
export function urlWithHost(url: string): string {
  const parts = parseSourceUrl(url);
  return parts?.hasAuthority && parts.host ? `\`${url.slice(0, parts.hostStart)}\`**\`${parts.host}\`**\`${url.slice(parts.hostEnd)}\`` : `\`${url}\``;
}
