// Waiting for something the portal does in the background (a tile build, a served version).

/** Polls `probe` every `everyMs` until it returns a truthy value, or fails after `timeoutMs` naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 240_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
