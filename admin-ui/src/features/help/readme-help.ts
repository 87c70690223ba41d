import { Marked, type Token, type Tokens } from 'marked';

/**
 * The help page is the README's own text, cut by heading at build time, so it can never say
 * something the README (and so the server) does not. These are the sections a scenario author
 * needs, in the README's order; the unit test fails when one is renamed.
 */
export const HELP_SECTIONS = [
  'The scenario API',
  'Calling an endpoint',
  'Request schema and API docs',
  'Callbacks, mail and failure alerts',
  'Protecting an endpoint',
] as const;

export interface HelpHeading {
  id: string;
  text: string;
  depth: number;
}

export interface HelpDocument {
  html: string;
  headings: HelpHeading[];
  /** Wanted sections the README no longer has (shown, so a rename is noticed). */
  missing: string[];
}

/** GitHub's anchor rule, near enough: lower case, code marks and punctuation dropped, spaces to dashes. */
export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** The level-2 sections named, each with its subsections, up to the next level-2 heading. */
export function extractSections(markdown: string, wanted: readonly string[]): { tokens: Token[]; missing: string[] } {
  // The lexer knows code fences, so a `# comment` in a shell example is not a heading.
  const all = new Marked().lexer(markdown);
  const found = new Map<string, Token[]>();
  let current: Token[] | null = null;
  for (const token of all) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth <= 2) {
      const title = (token as Tokens.Heading).text.trim();
      current = wanted.includes(title) ? [] : null;
      if (current) found.set(title, current);
    }
    current?.push(token);
  }
  return {
    tokens: wanted.flatMap((title) => found.get(title) ?? []),
    missing: wanted.filter((title) => !found.has(title)),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderHelp(markdown: string, wanted: readonly string[] = HELP_SECTIONS): HelpDocument {
  const { tokens, missing } = extractSections(markdown, wanted);
  const headings: HelpHeading[] = [];
  const used = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens: inline, depth, text }) {
        const base = headingId(text) || 'section';
        const seen = used.get(base) ?? 0;
        used.set(base, seen + 1);
        const id = seen ? `${base}-${seen}` : base;
        headings.push({ id, text: text.replace(/`/g, ''), depth });
        const body = this.parser.parseInline(inline);
        return `<h${depth} id="${id}"><a class="help__anchor" href="#${id}" aria-hidden="true" tabindex="-1">#</a>${body}</h${depth}>\n`;
      },
      // The README is ours, but the page is rendered as HTML in the admin's origin: raw HTML
      // in it is shown as text, never run.
      html({ text }) {
        return escapeHtml(text);
      },
      // No images in the help: their alt text stands in (nothing is fetched, no `src` to abuse).
      image({ text }) {
        return escapeHtml(text);
      },
      // Links to files of the repository mean nothing in the admin: keep their text only.
      link({ href, tokens: inline }) {
        const body = this.parser.parseInline(inline);
        if (href.startsWith('#')) return `<a href="${escapeHtml(href)}">${body}</a>`;
        if (/^https?:\/\//.test(href))
          return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${body}</a>`;
        return body;
      },
    },
  });
  const source = tokens.map((token) => token.raw).join('');
  const html = marked.parse(source, { async: false });
  return { html, headings, missing };
}
