import { useEffect, useState } from 'react';

/** The current time, ticking every `everyMs`, for elapsed times and "in 3 min". */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
