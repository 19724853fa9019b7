// Embeds an Atrium web form: sends it as JSON, records when it was rendered (bots submit instantly).
(function () {
  for (const form of document.querySelectorAll('form[data-atrium-form]')) {
    const rendered = Date.now();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      data._rendered = String(rendered);
      const base = form.getAttribute('action') || '';
      const url = base + '/api/v1/ext/web-forms/submit/' + encodeURIComponent(form.dataset.atriumForm)
        + '?tenant=' + encodeURIComponent(form.dataset.atriumTenant);
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
      form.dispatchEvent(new CustomEvent(res.ok ? 'atrium:sent' : 'atrium:failed', { detail: res.status }));
      if (res.ok) form.reset();
    });
  }
})();
