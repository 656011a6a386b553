import './ajel-console/ajel-console.js';
