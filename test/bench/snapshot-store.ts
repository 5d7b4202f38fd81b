// The SNAPSHOT binding for the CPU bench: KV kept in memory, so a timed request waits on no I/O
// and its wall time is the worker's own work. It can switch between two versions of the same
// document, so that the next read meets a version this isolate has not parsed yet, as the first
// request after a write does.

interface Stored {
  bytes: Uint8Array;
  metadata: { version: number; generatedAt: string };
}

export class SnapshotStore {
  private current: Stored | null = null;
  private other: Stored | null = null;

  async put(_key: string, value: string, options?: { metadata?: unknown }): Promise<void> {
    this.current = { bytes: new TextEncoder().encode(value), metadata: options?.metadata as Stored['metadata'] };
    this.other = null;
  }

  async getWithMetadata(_key: string, _options?: unknown) {
    const held = this.current;
    if (!held) return { value: null, metadata: null, cacheStatus: null };
    // The bytes arrive when read, as a KV body does; a reader that only checks the version cancels them.
    const value = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(held.bytes.slice());
        controller.close();
      },
    });
    return { value, metadata: held.metadata, cacheStatus: null };
  }

  /** The stored document (the one a write published). */
  text(): string {
    if (!this.current) throw new Error('nothing published yet');
    return new TextDecoder().decode(this.current.bytes);
  }

  /**
   * Serves a newer version: the metadata names a version above any served before (readers never
   * go back to an older one), and the bytes alternate between the published document and a copy
   * made once, so the switch itself costs nothing inside a timed loop.
   */
  switchVersion(): void {
    if (!this.current) throw new Error('nothing published yet');
    if (!this.other) {
      const document = JSON.parse(this.text());
      this.other = { bytes: new TextEncoder().encode(JSON.stringify(document)), metadata: this.current.metadata };
    }
    const version = this.current.metadata.version + 1;
    [this.current, this.other] = [
      { ...this.other, metadata: { ...this.other.metadata, version } },
      { ...this.current, metadata: { ...this.current.metadata } },
    ];
  }

  /** Bytes of the published document. */
  size(): number {
    return this.current?.bytes.byteLength ?? 0;
  }

  asBinding(): KVNamespace {
    return this as unknown as KVNamespace;
  }
}
