/**
 * The clock every default "now" comes from: the wall clock, or one a test, a benchmark or the chaos
 * workers control. Services read it instead of `new Date()` so that "due now" is one instant to all of them.
 */
const createClock = () => {
  let read = () => new Date();
  return {
    now: (): Date => read(),
    /** Every "now" reads `next` from now on; returns the previous reader, so a caller can put it back. */
    set(next: () => Date): () => Date {
      const previous = read;
      read = next;
      return previous;
    },
  };
};

export type Clock = ReturnType<typeof createClock>;
export default createClock;
