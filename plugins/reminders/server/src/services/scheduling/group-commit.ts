/**
 * Group commit: the first write goes at once, and the writes asked for while it runs wait and go
 * together in the next one. Under load many lanes share one statement (one round trip, one commit);
 * alone, a write waits for nobody. Each caller gets its own item's result, or the batch's error.
 */
export function groupCommit<Item, Result>(
  write: (items: Item[]) => Promise<Result[]>
): (item: Item) => Promise<Result> {
  let waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  const drain = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const results = await write(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
    }
    writing = false;
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
