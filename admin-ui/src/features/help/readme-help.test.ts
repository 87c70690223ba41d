import { describe, expect, it } from 'vitest';
import readme from '../../../../README.md?raw';
import { HELP_SECTIONS, extractSections, headingId, renderHelp } from './readme-help';

describe('help from the README', () => {
  it('finds every section a scenario author needs in the README', () => {
    const { missing } = extractSections(readme, HELP_SECTIONS);
    expect(missing).toEqual([]);
  });

  it('renders the scenario API with an anchor per heading, ctx included', () => {
    const help = renderHelp(readme);
    const ids = help.headings.map((heading) => heading.id);
    expect(ids).toEqual(expect.arrayContaining(['the-scenario-api', 'request', 'ctx', 'fetch', 'calling-an-endpoint']));
    expect(help.html).toContain('<h3 id="ctx">');
    expect(help.html).toContain('<table>');
    expect(help.html).toMatch(/<pre><code class="language-ts">/);
    // Only the chosen sections: the operator's configuration table is not help for authors.
    expect(ids).not.toContain('configuration');
  });

  it('does not mistake a # comment inside a code block for a heading', () => {
    const markdown = '## Wanted\n\n```sh\n# not a heading\n## nor this\n```\n\ntext\n\n## Other\n\nleft out\n';
    const help = renderHelp(markdown, ['Wanted']);
    expect(help.headings.map((h) => h.id)).toEqual(['wanted']);
    expect(help.html).toContain('# not a heading');
    expect(help.html).not.toContain('left out');
  });

  it('shows raw HTML of the markdown as text, never as markup', () => {
    const help = renderHelp('## Wanted\n\n<img src=x onerror="alert(1)">\n', ['Wanted']);
    expect(help.html).not.toContain('<img');
    expect(help.html).toContain('&#60;img');
  });

  it('keeps inline HTML, images and script links out of the page', () => {
    const markdown =
      '## Wanted\n\nsee <b onclick="x()">bold</b> ![pic](https://evil.example/p.png) [run](javascript:alert(1)) [file](docs/a.md) [ok](https://example.com)\n';
    const { html } = renderHelp(markdown, ['Wanted']);
    expect(html).not.toMatch(/<b |<img|javascript:|href="docs/);
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(html).toContain('run');
    expect(html).toContain('file');
  });

  it('reports a renamed section instead of dropping it silently', () => {
    expect(renderHelp('## Something else\n', ['Wanted']).missing).toEqual(['Wanted']);
  });

  it('makes GitHub-like anchors', () => {
    expect(headingId('`ctx`')).toBe('ctx');
    expect(headingId('Callbacks, mail and failure alerts')).toBe('callbacks-mail-and-failure-alerts');
  });
});
