#!/usr/bin/env node
'use strict';
require('@zsaudit/core/launch').launch(require('node:path').join(__dirname, '..'), 'command');
