import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement>;

function ShellIcon({ children, ...props }: IconProps) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export const IconHelp = (p: IconProps) => (
  <ShellIcon {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M9.5 9.2a2.6 2.6 0 0 1 5 .9c0 1.8-2.5 2.3-2.5 4" />
    <path d="M12 17.2h.01" />
  </ShellIcon>
);

export const IconKeyboard = (p: IconProps) => (
  <ShellIcon {...p}>
    <rect x="2.5" y="6" width="19" height="12" rx="2" />
    <path d="M6.5 10h.01M10 10h.01M13.5 10h.01M17 10h.01M7.5 14h9" />
  </ShellIcon>
);

export const IconMenu = (p: IconProps) => (
  <ShellIcon {...p}>
    <path d="M4 6h16M4 12h16M4 18h16" />
  </ShellIcon>
);
