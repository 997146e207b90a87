// Electronic digital signature in the browser. The person's PKCS#12 file is opened here,
// with their password, and the private key never leaves the page: only the CMS signature
// (SignedData, DER, base64) is sent to the portal, which verifies it before accepting
// anything. Works with RSA and ECDSA (P-256) keys through the browser's WebCrypto.
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  rsa: "1.2.840.113549.1.1.1",
  ec: "1.2.840.10045.2.1",
  p256: "1.2.840.10045.3.1.7",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  serialNumber: "2.5.4.5",
  commonName: "2.5.4.3",
};

export class EdsError extends Error {
  constructor(code) {
    super(code);
    this.code = code; // "wrong_password", "not_a_key_file", "unsupported_key"
  }
}

function utf8(text) {
  return new TextEncoder().encode(text);
}

function toBase64(bytes) {
  let binary = "";
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function subjectValue(certificate, oid) {
  const found = certificate.subject.typesAndValues.find((tv) => tv.type === oid);
  return found ? found.value.valueBlock.value : "";
}

async function openPfx(buffer, password) {
  const asn1 = asn1js.fromBER(buffer);
  if (asn1.offset === -1) throw new EdsError("not_a_key_file");
  let pfx;
  try {
    pfx = new pkijs.PFX({ schema: asn1.result });
  } catch (e) {
    throw new EdsError("not_a_key_file");
  }
  const secret = utf8(password).buffer;
  try {
    await pfx.parseInternalValues({ password: secret, checkIntegrity: true });
  } catch (e) {
    // The MAC over the file is keyed by the password: a failure here is a wrong password.
    throw new EdsError("wrong_password");
  }
  const safe = pfx.parsedValue.authenticatedSafe;
  await safe.parseInternalValues({
    safeContents: safe.safeContents.map(() => ({ password: secret })),
  });
  let keyInfo = null;
  const certificates = [];
  for (const contents of safe.parsedValue.safeContents) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagId === OID.shroudedKeyBag) {
        await bag.bagValue.parseInternalValues({ password: secret });
        keyInfo = bag.bagValue.parsedValue;
      } else if (bag.bagId === OID.keyBag) {
        keyInfo = bag.bagValue;
      } else if (bag.bagId === OID.certBag) {
        certificates.push(bag.bagValue.parsedValue);
      }
    }
  }
  if (!keyInfo || certificates.length === 0) throw new EdsError("not_a_key_file");
  return { keyInfo, certificates };
}

function webCryptoAlgorithm(keyInfo) {
  const oid = keyInfo.privateKeyAlgorithm.algorithmId;
  if (oid === OID.rsa) return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  if (oid === OID.ec) return { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  throw new EdsError("unsupported_key");
}

function certificateMatchingKey(certificates, keyInfo) {
  // The person's own certificate is the one that is not a CA certificate.
  const own = certificates.filter((c) => {
    const bc = (c.extensions || []).find((e) => e.extnID === "2.5.29.19");
    return !(bc && bc.parsedValue && bc.parsedValue.cA);
  });
  return own[0] || certificates[0];
}

/** Open a .p12 file: { privateKey, certificate, chain, iin, name }. */
export async function loadKey(file, password) {
  const buffer = await file.arrayBuffer();
  const { keyInfo, certificates } = await openPfx(buffer, password);
  const algorithm = webCryptoAlgorithm(keyInfo);
  const der = keyInfo.toSchema().toBER(false);
  let privateKey;
  try {
    privateKey = await crypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]);
  } catch (e) {
    throw new EdsError("unsupported_key");
  }
  const certificate = certificateMatchingKey(certificates, keyInfo);
  const serial = subjectValue(certificate, OID.serialNumber);
  return {
    privateKey,
    certificate,
    chain: certificates.filter((c) => c !== certificate),
    iin: serial.startsWith("IIN") ? serial.slice(3) : "",
    name: subjectValue(certificate, OID.commonName),
  };
}

/** A detached CMS SignedData over `data` (bytes), with signed attributes, as base64. */
export async function signDetached(key, data) {
  const content = data instanceof Uint8Array ? data : new Uint8Array(data);
  const digest = await crypto.subtle.digest("SHA-256", content);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: key.certificate.issuer,
          serialNumber: key.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: OID.contentType,
              values: [new asn1js.ObjectIdentifier({ value: OID.data })],
            }),
            new pkijs.Attribute({
              type: OID.signingTime,
              values: [new asn1js.UTCTime({ valueDate: new Date() })],
            }),
            new pkijs.Attribute({
              type: OID.messageDigest,
              values: [new asn1js.OctetString({ valueHex: digest })],
            }),
          ],
        }),
      }),
    ],
    certificates: [key.certificate, ...key.chain],
  });
  await signedData.sign(key.privateKey, 0, "SHA-256", content);
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return toBase64(contentInfo.toSchema().toBER(false));
}

function csrfToken(form) {
  const field = form.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function showError(form, message) {
  const box = form.querySelector("[data-eds-error]");
  box.textContent = message;
  box.hidden = false;
  box.focus();
}

// <form data-eds-login data-challenge-url=... data-msg-*=...>: sign a fresh challenge with
// the AUTH key and submit the form (nonce + cms) to the portal.
async function onLoginSubmit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const fileInput = form.querySelector("input[type=file]");
  const password = form.querySelector("input[type=password]").value;
  const button = form.querySelector("button[type=submit]");
  if (!fileInput.files.length) {
    showError(form, form.dataset.msgNoFile);
    return;
  }
  button.disabled = true;
  try {
    const key = await loadKey(fileInput.files[0], password);
    const response = await fetch(form.dataset.challengeUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new EdsError("network");
    const { nonce } = await response.json();
    form.querySelector("input[name=nonce]").value = nonce;
    form.querySelector("input[name=cms]").value = await signDetached(key, utf8(nonce));
    // The key file and its password are not part of the submission.
    fileInput.disabled = true;
    form.querySelector("input[type=password]").disabled = true;
    form.submit();
  } catch (error) {
    button.disabled = false;
    reportError(form, error);
  }
}

// <form data-eds-sign data-document-url=...>: fetch the document's exact bytes, sign them
// with the signing key and submit the detached CMS.
async function onSignSubmit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const fileInput = form.querySelector("input[type=file]");
  const passwordInput = form.querySelector("input[type=password]");
  const button = form.querySelector("button[type=submit]");
  if (!fileInput.files.length) {
    showError(form, form.dataset.msgNoFile);
    return;
  }
  button.disabled = true;
  try {
    const key = await loadKey(fileInput.files[0], passwordInput.value);
    const response = await fetch(form.dataset.documentUrl, { credentials: "same-origin" });
    if (!response.ok) throw new EdsError("network");
    const content = new Uint8Array(await response.arrayBuffer());
    form.querySelector("input[name=cms]").value = await signDetached(key, content);
    fileInput.disabled = true;
    passwordInput.disabled = true;
    form.submit();
  } catch (error) {
    button.disabled = false;
    reportError(form, error);
  }
}

function reportError(form, error) {
  const code = error instanceof EdsError ? error.code : "failed";
  const key = "msg" + code.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase());
  showError(form, form.dataset[key] || form.dataset.msgFailed);
}

function enable(form) {
  const noscript = form.querySelector("[data-eds-needs-js]");
  if (noscript) noscript.hidden = true;
  form.querySelectorAll("[disabled][data-eds-enable]").forEach((el) => {
    el.disabled = false;
  });
}

function init() {
  document.querySelectorAll("form[data-eds-sign]").forEach((form) => {
    form.addEventListener("submit", onSignSubmit);
    enable(form);
  });
  document.querySelectorAll("form[data-eds-login]").forEach((form) => {
    form.addEventListener("submit", onLoginSubmit);
    enable(form);
  });
}

window.JudicialEds = { loadKey, signDetached, EdsError };
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
