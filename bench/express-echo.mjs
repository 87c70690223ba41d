// The baseline: bare Express doing the same work as the scenarios in run.mjs.
import express from 'express';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.get('/healthz', (_req, res) => res.json({ ok: true }));
app.post('/echo', (req, res) => res.json({ ok: true, echo: req.body }));
app.post('/cpu', (_req, res) => {
  let x = 0;
  for (let i = 0; i < 200000; i++) x = (x + i * i) % 1000003;
  res.json({ ok: true, x });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
