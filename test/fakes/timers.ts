/** Delayed callbacks a fake server can cancel all at once when it closes. */
export function timerSet(): { later(ms: number, fn: () => void): void; clear(): void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    clear() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
