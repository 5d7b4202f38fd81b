export interface AdminApi {
  /** The answer whatever its status. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The body of a 2xx; throws with the status and the answer otherwise. */
  ok(method: string, path: string, body?: unknown): Promise<any>;
}

export function adminApi(base: string, token: string): AdminApi;
