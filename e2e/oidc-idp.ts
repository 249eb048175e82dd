// A real OpenID Connect provider for the sign-in tests (oidc-provider, the certified Node
// implementation), on loopback. Its development login form takes any login: "admin" signs in as
// admin@example.test, "ana" as ana@example.test, each with a verified email.
import Provider from "oidc-provider";

const port = Number(process.env.E2E_IDP_PORT ?? 3110);
const hindsight = process.env.E2E_SIGNIN_URL ?? "http://localhost:3109";

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "hindsight",
      client_secret: "hindsight-e2e-secret",
      redirect_uris: [`${hindsight}/api/auth/oidc/callback`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: id.charAt(0).toUpperCase() + id.slice(1) }),
    };
  },
  features: { devInteractions: { enabled: true } },
});

provider.listen(port, "127.0.0.1", () => console.log(`[idp] issuer http://127.0.0.1:${port}`));
