// Lists the tenant's forms (signed-in page). Values are inserted as text, never as HTML.
const list = document.getElementById('forms');
const res = await fetch('/api/v1/ext/web-forms/forms', { credentials: 'same-origin' });
if (res.ok) {
  for (const f of (await res.json()).data) {
    const li = document.createElement('li');
    li.textContent = `${f.name} → ${f.entity} (${f.inputs.join(', ')}): POST ${f.submitUrl}`;
    list.append(li);
  }
} else {
  const li = document.createElement('li');
  li.textContent = 'Sign in to Atrium to see the forms.';
  list.append(li);
}
