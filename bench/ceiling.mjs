// The ceiling: bare Koa + @koa/router + koa-body parsing the same JSON and answering 204.
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { koaBody } from 'koa-body';

const app = new Koa();
const router = new Router();
router.post('/api/v1/feedback', koaBody({ jsonLimit: '16kb' }), (ctx) => {
  ctx.status = 204;
});
app.use(router.routes());
const server = createServer(app.callback());
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => console.log('ceiling listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
