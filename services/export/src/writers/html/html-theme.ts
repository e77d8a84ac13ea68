/** The two looks of an HTML export: HtmlDark and HtmlLight. */
export type HtmlTheme = 'dark' | 'light';

/** Discord's own colours for each theme, as custom properties the stylesheet reads. */
const palettes: Record<HtmlTheme, string> = {
  dark: `--background:#313338;--background-hover:#2e3035;--background-secondary:#2b2d31;--background-tertiary:#1e1f22;
--text:#dbdee1;--text-strong:#f2f3f5;--text-muted:#949ba4;--link:#00a8fc;--border:#3f4147;
--mention-text:#c9cdfb;--mention-background:rgba(88,101,242,0.3);--spoiler:#1e1f22;--code:#2b2d31;--quote:#4e5058;
--pinned:rgba(240,178,50,0.08);--reply-line:#4e5058;`,
  light: `--background:#ffffff;--background-hover:#f7f7f8;--background-secondary:#f2f3f5;--background-tertiary:#e3e5e8;
--text:#313338;--text-strong:#060607;--text-muted:#5c5e66;--link:#006ce7;--border:#e1e2e4;
--mention-text:#505cdc;--mention-background:rgba(88,101,242,0.15);--spoiler:#c4c9ce;--code:#f2f3f5;--quote:#c4c9ce;
--pinned:rgba(240,178,50,0.1);--reply-line:#c4c9ce;`,
};

/**
 * The stylesheet inlined in every HTML export. System fonts only: the file loads nothing, so it
 * reads the same offline as on the day it was made.
 */
const layout = `
html,body{margin:0;padding:0;background:var(--background);color:var(--text);font-family:"gg sans","Noto Sans","Helvetica Neue",Helvetica,Arial,sans-serif;font-size:16px;line-height:1.375}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
img{object-fit:contain}
.preamble{display:grid;grid-template-columns:auto 1fr;padding:1rem}
.preamble__guild-icon{max-width:88px;max-height:88px;border-radius:50%}
.preamble__entries-container{grid-column:2;margin-left:1rem}
.preamble__entry{margin-bottom:.15rem;color:var(--text-strong);font-size:1.4rem}
.preamble__entry--small{font-size:1rem}
.chatlog{padding:1rem 0;border-top:1px solid var(--border);border-bottom:1px solid var(--border)}
.chatlog__date-separator{display:flex;align-items:center;margin:1rem 1rem .5rem;color:var(--text-muted);font-size:.75rem;font-weight:600}
.chatlog__date-separator::before,.chatlog__date-separator::after{content:"";flex:1;border-top:1px solid var(--border)}
.chatlog__date-separator span{padding:0 .5rem}
.chatlog__message-group{margin-bottom:1rem}
.chatlog__message-container--pinned{background:var(--pinned)}
.chatlog__message{display:grid;grid-template-columns:auto 1fr;padding:.15rem 0}
.chatlog__message:hover{background:var(--background-hover)}
.chatlog__message:hover .chatlog__short-timestamp{visibility:visible}
.chatlog__message-aside{grid-column:1;width:72px;padding:.15rem .15rem 0;text-align:center}
.chatlog__reply-symbol{height:10px;margin:6px 4px 4px 36px;border-left:2px solid var(--reply-line);border-top:2px solid var(--reply-line);border-radius:8px 0 0 0}
.chatlog__avatar{width:40px;height:40px;border-radius:50%}
.chatlog__short-timestamp{visibility:hidden;color:var(--text-muted);font-size:.7rem}
.chatlog__message-primary{grid-column:2;min-width:0;padding-right:1rem}
.chatlog__reply{display:flex;align-items:center;margin-bottom:.15rem;color:var(--text-muted);font-size:.875rem;white-space:nowrap;overflow:hidden}
.chatlog__reply-avatar{width:16px;height:16px;margin-right:.25rem;border-radius:50%}
.chatlog__reply-author{margin-right:.3rem;font-weight:600;color:var(--text-strong)}
.chatlog__reply-content{overflow:hidden;text-overflow:ellipsis}
.chatlog__reply-link{color:inherit}.chatlog__reply-link *{display:inline}
.chatlog__reply-edited-timestamp,.chatlog__edited-timestamp{margin-left:.25rem;color:var(--text-muted);font-size:.7rem}
.chatlog__system-notification-icon{font-size:.9rem}
.chatlog__system-notification-author,.chatlog__system-notification-link{font-weight:500;color:var(--text-strong)}
.chatlog__system-notification-content{color:var(--text-muted)}
.chatlog__system-notification-timestamp,.chatlog__timestamp{margin-left:.3rem;color:var(--text-muted);font-size:.75rem}
.chatlog__system-notification-timestamp a,.chatlog__timestamp a{color:inherit}
.chatlog__author{font-weight:500;color:var(--text-strong)}
.chatlog__author-tag{position:relative;top:-.1rem;margin-left:.3rem;padding:.05rem .3rem;border-radius:3px;background:#5865f2;color:#fff;font-size:.625rem;font-weight:500}
.chatlog__pinned-marker{margin-left:.3rem;font-size:.75rem}
.chatlog__content{word-wrap:break-word}
.chatlog__markdown-preserve{white-space:pre-wrap}
.chatlog__markdown h1,.chatlog__markdown h2,.chatlog__markdown h3{margin:.5rem 0 .25rem;color:var(--text-strong);line-height:1.25}
.chatlog__markdown h1{font-size:1.5rem}.chatlog__markdown h2{font-size:1.25rem}.chatlog__markdown h3{font-size:1rem}
.chatlog__markdown ul,.chatlog__markdown ol{margin:.25rem 0;padding-left:1.5rem;white-space:normal}
.chatlog__markdown-subtext{display:block;color:var(--text-muted);font-size:.75rem}
.chatlog__markdown-quote{margin:.1rem 0;padding:0 .5rem 0 .75rem;border-left:4px solid var(--quote);border-radius:2px}
.chatlog__markdown-pre{background:var(--code);font-family:Consolas,"Andale Mono WT","Andale Mono","Lucida Console",Monaco,"Courier New",monospace;font-size:.85em}
.chatlog__markdown-pre--inline{padding:.1em .2em;border-radius:3px}
.chatlog__markdown-pre--multiline{display:block;margin:.25rem 0;padding:.5em;border:1px solid var(--border);border-radius:4px;white-space:pre-wrap;overflow-x:auto}
.chatlog__markdown-mention{padding:0 2px;border-radius:3px;background:var(--mention-background);color:var(--mention-text);font-weight:500}
.chatlog__markdown-timestamp{padding:0 2px;border-radius:3px;background:var(--background-secondary)}
.chatlog__markdown-spoiler{border-radius:3px;background:var(--spoiler);cursor:pointer}
.chatlog__markdown-spoiler:not(:focus){color:transparent}
.chatlog__markdown-spoiler:not(:focus) *{visibility:hidden}
.chatlog__emoji{width:1.375em;height:1.375em;margin:0 .06em;vertical-align:-.4em;font-size:1em}
span.chatlog__emoji{width:auto;height:auto;vertical-align:baseline}
.chatlog__emoji--small{width:1rem;height:1rem}
.chatlog__emoji--large{width:3rem;height:3rem}span.chatlog__emoji--large{font-size:2.6rem}
.chatlog__attachment{position:relative;width:fit-content;margin-top:.3rem;border-radius:3px;overflow:hidden}
.chatlog__attachment-media{max-width:45vw;max-height:500px;vertical-align:top;border-radius:3px}
.chatlog__attachment--hidden{cursor:pointer}
.chatlog__attachment-spoiler-caption{display:none;position:absolute;left:50%;top:50%;z-index:1;padding:.4rem .8rem;border-radius:20px;transform:translate(-50%,-50%);background:rgba(0,0,0,.9);color:#dcddde;font-size:.9rem;font-weight:600}
.chatlog__attachment--hidden:not(:focus) .chatlog__attachment-spoiler-caption{display:block}
.chatlog__attachment--hidden:not(:focus) .chatlog__attachment-media,.chatlog__attachment--hidden:not(:focus) .chatlog__attachment-generic{filter:blur(44px)}
.chatlog__attachment-generic{display:grid;grid-template-columns:auto 1fr;column-gap:.6rem;max-width:520px;padding:10px;border:1px solid var(--border);border-radius:3px;background:var(--background-secondary)}
.chatlog__attachment-generic-icon{grid-row:span 2;font-size:1.8rem}
.chatlog__attachment-generic-name{overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.chatlog__attachment-generic-size{color:var(--text-muted);font-size:12px}
.chatlog__forwarded{margin-top:.3rem;padding-left:.75rem;border-left:4px solid var(--quote)}
.chatlog__forwarded-header,.chatlog__forwarded-timestamp{color:var(--text-muted);font-size:.75rem;font-style:italic}
.chatlog__embed{display:flex;margin-top:.3rem;max-width:520px}
.chatlog__embed-color-pill{flex-shrink:0;width:.25rem;border-radius:3px 0 0 3px}
.chatlog__embed-color-pill--default{background:var(--background-tertiary)}
.chatlog__embed-content-container{display:flex;flex-direction:column;padding:.5rem .75rem .75rem;border-radius:0 3px 3px 0;background:var(--background-secondary)}
.chatlog__embed-content{display:flex}.chatlog__embed-text{flex:1}
.chatlog__embed-author-container{display:flex;align-items:center;margin-bottom:.5rem}
.chatlog__embed-author-icon{width:24px;height:24px;margin-right:.5rem;border-radius:50%}
.chatlog__embed-author,.chatlog__embed-author-link{color:var(--text-strong);font-size:.875rem;font-weight:600}
.chatlog__embed-title{margin-bottom:.5rem;color:var(--text-strong);font-size:1rem;font-weight:600}
.chatlog__embed-description{font-size:.875rem}
.chatlog__embed-fields{display:flex;flex-wrap:wrap;gap:0 .5rem}
.chatlog__embed-field{flex:0;min-width:100%;padding-top:.5rem;font-size:.875rem}
.chatlog__embed-field--inline{flex:1;flex-basis:auto;min-width:150px}
.chatlog__embed-field-name{margin-bottom:.1rem;color:var(--text-strong);font-weight:600}
.chatlog__embed-thumbnail{max-width:80px;max-height:80px;margin-left:1rem;border-radius:3px}
.chatlog__embed-images{display:grid;grid-template-columns:repeat(2,1fr);gap:.25rem;margin-top:.75rem}
.chatlog__embed-images--single{display:block}
.chatlog__embed-image,.chatlog__embed-generic-image,.chatlog__embed-video{max-width:500px;max-height:400px;border-radius:3px}
.chatlog__embed-footer{display:flex;align-items:center;margin-top:.5rem;color:var(--text-muted);font-size:.75rem}
.chatlog__embed-footer-icon{width:20px;height:20px;margin-right:.5rem;border-radius:50%}
.chatlog__sticker{width:180px;height:180px;margin-top:.3rem}
.chatlog__sticker--media{max-width:100%;max-height:100%}
.chatlog__reactions{display:flex;flex-wrap:wrap;gap:.25rem;margin-top:.25rem}
.chatlog__reaction{display:flex;align-items:center;padding:.125rem .375rem;border:1px solid transparent;border-radius:8px;background:var(--background-secondary)}
.chatlog__reaction-count{min-width:9px;margin-left:.35rem;color:var(--text-muted);font-size:.875rem;font-weight:500}
.postamble{padding:1.25rem;color:var(--text-strong)}
`;

const stylesheets: Record<HtmlTheme, string> = {
  dark: `:root{${palettes.dark.replaceAll('\n', '')}}${layout.replaceAll('\n', '')}`,
  light: `:root{${palettes.light.replaceAll('\n', '')}}${layout.replaceAll('\n', '')}`,
};

/** The whole `<style>` content of a theme. */
export function themeStylesheet(theme: HtmlTheme): string {
  return stylesheets[theme];
}
