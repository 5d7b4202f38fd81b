export interface TestAuthority {
  /** The CA certificate (PEM path). */
  ca: string;
  /** Key and certificate for `localhost`, signed by the CA (PEM paths). */
  key: string;
  cert: string;
}

export interface TestPki {
  dir: string;
  trusted: TestAuthority;
  untrusted: TestAuthority;
}

export function setUpTestPki(): TestPki;
