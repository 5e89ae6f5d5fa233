// A form whose submit waits on the backend (a passphrase check can take a moment): its button
// is disabled and the form marked busy until the action settles; a failure goes to `failed`.

export async function whileBusy(form, action, failed) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    await action();
  } catch (err) {
    failed(err);
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
