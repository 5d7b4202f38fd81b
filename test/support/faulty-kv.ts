// The real KV binding with the faults production KV has and local KV lacks: a second write of a
// key within a second answered with 429, or every write refused for a while. It counts the puts it
// lets through and can hold one mid-flight, so a test can interleave two publishers. The snapshot's
// publisher also puts its rendering (another key): `puts` and `refused` count the snapshot's key.

import { SNAPSHOT_KEY } from '../../src/services/snapshot';

/** What a Worker sees when KV answers 429 (workerd's kv.c++: `KV <method> failed: <status> <text>`). */
export const KV_429 = 'KV PUT failed: 429 Too Many Requests';

interface Gate {
  entered: Promise<void>;
  release: () => void;
}

export class FaultyKv {
  /** Puts of the snapshot's key KV accepted. */
  puts = 0;
  /** Puts of the snapshot's key answered with 429. */
  refused = 0;
  /** Every accepted put's key, in order. */
  putKeys: string[] = [];
  /** Every key read (get, getWithMetadata), in order. */
  getKeys: string[] = [];
  /** Refuse a put that comes less than this long (real ms) after the last accepted one: real KV's 1,000. */
  refuseWithinMs = 0;
  /** Refuse every put while true. */
  refuseAll = false;
  /** Per key, as KV's limit is. */
  private lastPutAt = new Map<string, number>();
  private gates: { arrived: () => void; opened: Promise<void> }[] = [];

  constructor(private readonly kv: KVNamespace) {}

  /** The next put stops on arrival until `release()`; `entered` resolves once it has arrived. */
  holdNextPut(): Gate {
    let arrived!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const opened = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gates.push({ arrived, opened });
    return { entered, release };
  }

  get binding(): KVNamespace {
    return new Proxy(this.kv, {
      get: (target, name) => {
        if (name === 'put')
          return (key: string, value: string | ArrayBuffer | ArrayBufferView, options?: KVNamespacePutOptions) =>
            this.put(key, value, options);
        if (name === 'get' || name === 'getWithMetadata') {
          const read = Reflect.get(target, name) as (key: string, ...rest: unknown[]) => unknown;
          return (key: string, ...rest: unknown[]) => {
            this.getKeys.push(key);
            return read.call(target, key, ...rest);
          };
        }
        const value = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private async put(key: string, value: string | ArrayBuffer | ArrayBufferView, options?: KVNamespacePutOptions): Promise<void> {
    const gate = this.gates.shift();
    if (gate) {
      gate.arrived();
      await gate.opened;
    }
    const counted = key === SNAPSHOT_KEY;
    if (this.refuseAll || Date.now() - (this.lastPutAt.get(key) ?? Number.NEGATIVE_INFINITY) < this.refuseWithinMs) {
      if (counted) this.refused++;
      throw new Error(KV_429);
    }
    await this.kv.put(key, value, options);
    this.lastPutAt.set(key, Date.now());
    this.putKeys.push(key);
    if (counted) this.puts++;
  }
}
