/**
 * Where the shell's Help link points from the page the user is on: the part of the help a
 * screen needs (the editor: the handler's `request` and `ctx`), else its top.
 */
export function helpLinkFor(pathname: string): string {
  if (/^\/endpoints\/[^/]+\/settings\/?$/.test(pathname)) return '/help#calling-an-endpoint';
  if (/^\/endpoints\/new\/?$/.test(pathname) || /^\/endpoints\/[^/]+(\/versions)?\/?$/.test(pathname))
    return '/help#the-scenario-api';
  if (/^\/processes(\/|$)/.test(pathname)) return '/help#what-a-scenario-returns';
  return '/help';
}
