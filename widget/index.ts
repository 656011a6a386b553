import './ajel-ticker/ajel-ticker.js';
