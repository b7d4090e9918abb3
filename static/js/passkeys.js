// Passkeys (WebAuthn) on the staff pages: "Sign in with a passkey" on the sign-in page and "Add a passkey"
// on the set-up and account pages. The server sends the options as base64url JSON and checks the answer
// (py_webauthn); this only hands them between it and the browser. Posts carry the page's CSRF token.
async function post(url, csrf, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify(body || {}),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || "");
  return data;
}

function wire(root, ceremony) {
  const button = root.querySelector("[data-passkey-button]");
  const status = root.querySelector("[data-passkey-status]");
  const { csrf, optionsUrl, url, unsupported, failed } = root.dataset;
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
    status.textContent = unsupported;
    button.disabled = true;
    return;
  }
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "";
    try {
      const options = await post(optionsUrl, csrf);
      const credential = await ceremony(options);
      const answer = await post(url, csrf, { credential: credential.toJSON() });
      window.location.assign(answer.next);
    } catch (error) {
      // A cancelled prompt (NotAllowedError) or a refusal: say so, and let them try again.
      status.textContent = error instanceof DOMException || !error.message ? failed : error.message;
      button.disabled = false;
    }
  });
}

const create = (options) => navigator.credentials.create({
  publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
});
const get = (options) => navigator.credentials.get({
  publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
});

document.querySelectorAll("[data-passkey-register]").forEach((root) => wire(root, create));
document.querySelectorAll("[data-passkey-login]").forEach((root) => wire(root, get));
