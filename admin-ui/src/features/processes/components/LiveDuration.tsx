import { useEffect, useState } from 'react';
import { formatDuration } from '../../../lib/format';

/** A running process's elapsed time, ticking every half second. */
export function LiveDuration({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const started = Date.parse(since);
  return (
    <span className="live-duration">{formatDuration(Number.isNaN(started) ? null : Math.max(0, now - started))}</span>
  );
}
