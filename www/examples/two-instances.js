// Two instances by mount(): the first keeps the documented ids, the second
// gets prefixed ones (d2-lr, ...). Each listens to keys only while it has
// focus (there are two), and either can be removed with destroy().
import { mount } from '../main.js';

const first = await mount(document.getElementById('first'), { lr: 0.5, controls: 'play,step,reset,lr' });
const second = await mount(document.getElementById('second'), { scene: 'batches', controls: 'play,reset,batch' });
window.figures = { first, second };
document.body.dataset.ready = '1';
