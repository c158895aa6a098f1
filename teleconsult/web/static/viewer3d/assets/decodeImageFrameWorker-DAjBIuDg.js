// \0rolldown/runtime.js
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJSMin = (cb, mod) => () => (mod || (cb((mod = { exports: {} }).exports, mod, mod.exports), cb = null), mod.exports);
var __copyProps = (to, from, except, desc) => {
	if (from && typeof from === "object" || typeof from === "function") for (var keys = __getOwnPropNames(from), i = 0, n = keys.length, key; i < n; i++) {
		key = keys[i];
		if (!__hasOwnProp.call(to, key) && key !== except) __defProp(to, key, {
			get: ((k) => from[k]).bind(null, key),
			enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable
		});
	}
	return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(isNodeMode || !mod || !mod.__esModule || !__hasOwnProp.call(mod, "default") ? __defProp(target, "default", {
	value: mod,
	enumerable: true
}) : target, mod));
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/scaling/bilinear.js
function bilinear(src, dest) {
	const { rows: srcRows, columns: srcColumns, data: srcData } = src;
	const { rows, columns, data } = dest;
	const xSrc1Off = [];
	const xSrc2Off = [];
	const xFrac = [];
	for (let x = 0; x < columns; x++) {
		const xSrc = x * (srcColumns - 1) / (columns - 1);
		xSrc1Off[x] = Math.floor(xSrc);
		xSrc2Off[x] = Math.min(xSrc1Off[x] + 1, srcColumns - 1);
		xFrac[x] = xSrc - xSrc1Off[x];
	}
	for (let y = 0; y < rows; y++) {
		const ySrc = y * (srcRows - 1) / (rows - 1);
		const ySrc1Off = Math.floor(ySrc) * srcColumns;
		const ySrc2Off = Math.min(ySrc1Off + srcColumns, (srcRows - 1) * srcColumns);
		const yFrac = ySrc - Math.floor(ySrc);
		const yFracInv = 1 - yFrac;
		const yOff = y * columns;
		for (let x = 0; x < columns; x++) {
			const p00 = srcData[ySrc1Off + xSrc1Off[x]];
			const p10 = srcData[ySrc1Off + xSrc2Off[x]];
			const p01 = srcData[ySrc2Off + xSrc1Off[x]];
			const p11 = srcData[ySrc2Off + xSrc2Off[x]];
			const xFracInv = 1 - xFrac[x];
			data[yOff + x] = (p00 * xFracInv + p10 * xFrac[x]) * yFracInv + (p01 * xFracInv + p11 * xFrac[x]) * yFrac;
		}
	}
	return data;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/scaling/replicate.js
function replicate(src, dest) {
	const { rows: srcRows, columns: srcColumns, pixelData: srcData, samplesPerPixel = 1 } = src;
	const { rows, columns, pixelData } = dest;
	const xSrc1Off = [];
	for (let x = 0; x < columns; x++) {
		const xSrc = x * (srcColumns - 1) / (columns - 1);
		xSrc1Off[x] = Math.floor(xSrc) * samplesPerPixel;
	}
	for (let y = 0; y < rows; y++) {
		const ySrc = y * (srcRows - 1) / (rows - 1);
		const ySrc1Off = Math.floor(ySrc) * srcColumns * samplesPerPixel;
		const yOff = y * columns;
		for (let x = 0; x < columns; x++) for (let sample = 0; sample < samplesPerPixel; sample++) pixelData[yOff + x + sample] = srcData[ySrc1Off + xSrc1Off[x] + sample];
	}
	return pixelData;
}
// node_modules/comlink/dist/esm/comlink.mjs
/**
* @license
* Copyright 2019 Google LLC
* SPDX-License-Identifier: Apache-2.0
*/
const proxyMarker = Symbol("Comlink.proxy");
const createEndpoint = Symbol("Comlink.endpoint");
const releaseProxy = Symbol("Comlink.releaseProxy");
const finalizer = Symbol("Comlink.finalizer");
const throwMarker = Symbol("Comlink.thrown");
const isObject = (val) => typeof val === "object" && val !== null || typeof val === "function";
/**
* Allows customizing the serialization of certain values.
*/
const transferHandlers = /* @__PURE__ */ new Map([["proxy", {
	canHandle: (val) => isObject(val) && val[proxyMarker],
	serialize(obj) {
		const { port1, port2 } = new MessageChannel();
		expose(obj, port1);
		return [port2, [port2]];
	},
	deserialize(port) {
		port.start();
		return wrap(port);
	}
}], ["throw", {
	canHandle: (value) => isObject(value) && throwMarker in value,
	serialize({ value }) {
		let serialized;
		if (value instanceof Error) serialized = {
			isError: true,
			value: {
				message: value.message,
				name: value.name,
				stack: value.stack
			}
		};
		else serialized = {
			isError: false,
			value
		};
		return [serialized, []];
	},
	deserialize(serialized) {
		if (serialized.isError) throw Object.assign(new Error(serialized.value.message), serialized.value);
		throw serialized.value;
	}
}]]);
function isAllowedOrigin(allowedOrigins, origin) {
	for (const allowedOrigin of allowedOrigins) {
		if (origin === allowedOrigin || allowedOrigin === "*") return true;
		if (allowedOrigin instanceof RegExp && allowedOrigin.test(origin)) return true;
	}
	return false;
}
function expose(obj, ep = globalThis, allowedOrigins = ["*"]) {
	ep.addEventListener("message", function callback(ev) {
		if (!ev || !ev.data) return;
		if (!isAllowedOrigin(allowedOrigins, ev.origin)) {
			console.warn(`Invalid origin '${ev.origin}' for comlink proxy`);
			return;
		}
		const { id, type, path } = Object.assign({ path: [] }, ev.data);
		const argumentList = (ev.data.argumentList || []).map(fromWireValue);
		let returnValue;
		try {
			const parent = path.slice(0, -1).reduce((obj, prop) => obj[prop], obj);
			const rawValue = path.reduce((obj, prop) => obj[prop], obj);
			switch (type) {
				case "GET":
					returnValue = rawValue;
					break;
				case "SET":
					parent[path.slice(-1)[0]] = fromWireValue(ev.data.value);
					returnValue = true;
					break;
				case "APPLY":
					returnValue = rawValue.apply(parent, argumentList);
					break;
				case "CONSTRUCT":
					returnValue = proxy(new rawValue(...argumentList));
					break;
				case "ENDPOINT":
					{
						const { port1, port2 } = new MessageChannel();
						expose(obj, port2);
						returnValue = transfer(port1, [port1]);
					}
					break;
				case "RELEASE":
					returnValue = void 0;
					break;
				default: return;
			}
		} catch (value) {
			returnValue = {
				value,
				[throwMarker]: 0
			};
		}
		Promise.resolve(returnValue).catch((value) => {
			return {
				value,
				[throwMarker]: 0
			};
		}).then((returnValue) => {
			const [wireValue, transferables] = toWireValue(returnValue);
			ep.postMessage(Object.assign(Object.assign({}, wireValue), { id }), transferables);
			if (type === "RELEASE") {
				ep.removeEventListener("message", callback);
				closeEndPoint(ep);
				if (finalizer in obj && typeof obj[finalizer] === "function") obj[finalizer]();
			}
		}).catch((error) => {
			const [wireValue, transferables] = toWireValue({
				value: /* @__PURE__ */ new TypeError("Unserializable return value"),
				[throwMarker]: 0
			});
			ep.postMessage(Object.assign(Object.assign({}, wireValue), { id }), transferables);
		});
	});
	if (ep.start) ep.start();
}
function isMessagePort(endpoint) {
	return endpoint.constructor.name === "MessagePort";
}
function closeEndPoint(endpoint) {
	if (isMessagePort(endpoint)) endpoint.close();
}
function wrap(ep, target) {
	const pendingListeners = /* @__PURE__ */ new Map();
	ep.addEventListener("message", function handleMessage(ev) {
		const { data } = ev;
		if (!data || !data.id) return;
		const resolver = pendingListeners.get(data.id);
		if (!resolver) return;
		try {
			resolver(data);
		} finally {
			pendingListeners.delete(data.id);
		}
	});
	return createProxy(ep, pendingListeners, [], target);
}
function throwIfProxyReleased(isReleased) {
	if (isReleased) throw new Error("Proxy has been released and is not useable");
}
function releaseEndpoint(ep) {
	return requestResponseMessage(ep, /* @__PURE__ */ new Map(), { type: "RELEASE" }).then(() => {
		closeEndPoint(ep);
	});
}
const proxyCounter = /* @__PURE__ */ new WeakMap();
const proxyFinalizers = "FinalizationRegistry" in globalThis && new FinalizationRegistry((ep) => {
	const newCount = (proxyCounter.get(ep) || 0) - 1;
	proxyCounter.set(ep, newCount);
	if (newCount === 0) releaseEndpoint(ep);
});
function registerProxy(proxy, ep) {
	const newCount = (proxyCounter.get(ep) || 0) + 1;
	proxyCounter.set(ep, newCount);
	if (proxyFinalizers) proxyFinalizers.register(proxy, ep, proxy);
}
function unregisterProxy(proxy) {
	if (proxyFinalizers) proxyFinalizers.unregister(proxy);
}
function createProxy(ep, pendingListeners, path = [], target = function() {}) {
	let isProxyReleased = false;
	const proxy = new Proxy(target, {
		get(_target, prop) {
			throwIfProxyReleased(isProxyReleased);
			if (prop === releaseProxy) return () => {
				unregisterProxy(proxy);
				releaseEndpoint(ep);
				pendingListeners.clear();
				isProxyReleased = true;
			};
			if (prop === "then") {
				if (path.length === 0) return { then: () => proxy };
				const r = requestResponseMessage(ep, pendingListeners, {
					type: "GET",
					path: path.map((p) => p.toString())
				}).then(fromWireValue);
				return r.then.bind(r);
			}
			return createProxy(ep, pendingListeners, [...path, prop]);
		},
		set(_target, prop, rawValue) {
			throwIfProxyReleased(isProxyReleased);
			const [value, transferables] = toWireValue(rawValue);
			return requestResponseMessage(ep, pendingListeners, {
				type: "SET",
				path: [...path, prop].map((p) => p.toString()),
				value
			}, transferables).then(fromWireValue);
		},
		apply(_target, _thisArg, rawArgumentList) {
			throwIfProxyReleased(isProxyReleased);
			const last = path[path.length - 1];
			if (last === createEndpoint) return requestResponseMessage(ep, pendingListeners, { type: "ENDPOINT" }).then(fromWireValue);
			if (last === "bind") return createProxy(ep, pendingListeners, path.slice(0, -1));
			const [argumentList, transferables] = processArguments(rawArgumentList);
			return requestResponseMessage(ep, pendingListeners, {
				type: "APPLY",
				path: path.map((p) => p.toString()),
				argumentList
			}, transferables).then(fromWireValue);
		},
		construct(_target, rawArgumentList) {
			throwIfProxyReleased(isProxyReleased);
			const [argumentList, transferables] = processArguments(rawArgumentList);
			return requestResponseMessage(ep, pendingListeners, {
				type: "CONSTRUCT",
				path: path.map((p) => p.toString()),
				argumentList
			}, transferables).then(fromWireValue);
		}
	});
	registerProxy(proxy, ep);
	return proxy;
}
function myFlat(arr) {
	return Array.prototype.concat.apply([], arr);
}
function processArguments(argumentList) {
	const processed = argumentList.map(toWireValue);
	return [processed.map((v) => v[0]), myFlat(processed.map((v) => v[1]))];
}
const transferCache = /* @__PURE__ */ new WeakMap();
function transfer(obj, transfers) {
	transferCache.set(obj, transfers);
	return obj;
}
function proxy(obj) {
	return Object.assign(obj, { [proxyMarker]: true });
}
function toWireValue(value) {
	for (const [name, handler] of transferHandlers) if (handler.canHandle(value)) {
		const [serializedValue, transferables] = handler.serialize(value);
		return [{
			type: "HANDLER",
			name,
			value: serializedValue
		}, transferables];
	}
	return [{
		type: "RAW",
		value
	}, transferCache.get(value) || []];
}
function fromWireValue(value) {
	switch (value.type) {
		case "HANDLER": return transferHandlers.get(value.name).deserialize(value.value);
		case "RAW": return value.value;
	}
}
function requestResponseMessage(ep, pendingListeners, msg, transfers) {
	return new Promise((resolve) => {
		const id = generateUUID();
		pendingListeners.set(id, resolve);
		if (ep.start) ep.start();
		ep.postMessage(Object.assign({ id }, msg), transfers);
	});
}
function generateUUID() {
	return new Array(4).fill(0).map(() => Math.floor(Math.random() * Number.MAX_SAFE_INTEGER).toString(16)).join("-");
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeLittleEndian.js
async function decodeLittleEndian(imageFrame, pixelData) {
	let arrayBuffer = pixelData.buffer;
	let offset = pixelData.byteOffset;
	const length = pixelData.length;
	if (imageFrame.bitsAllocated === 16) {
		if (offset % 2) {
			arrayBuffer = arrayBuffer.slice(offset);
			offset = 0;
		}
		if (imageFrame.pixelRepresentation === 0) imageFrame.pixelData = new Uint16Array(arrayBuffer, offset, length / 2);
		else imageFrame.pixelData = new Int16Array(arrayBuffer, offset, length / 2);
	} else if (imageFrame.bitsAllocated === 8 || imageFrame.bitsAllocated === 1) imageFrame.pixelData = pixelData;
	else if (imageFrame.bitsAllocated === 32) {
		if (offset % 2) {
			arrayBuffer = arrayBuffer.slice(offset);
			offset = 0;
		}
		if (imageFrame.floatPixelData || imageFrame.doubleFloatPixelData) throw new Error("Float pixel data is not supported for parsing into ImageFrame");
		if (imageFrame.pixelRepresentation === 0) imageFrame.pixelData = new Uint32Array(arrayBuffer, offset, length / 4);
		else if (imageFrame.pixelRepresentation === 1) imageFrame.pixelData = new Int32Array(arrayBuffer, offset, length / 4);
		else imageFrame.pixelData = new Float32Array(arrayBuffer, offset, length / 4);
	}
	return imageFrame;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeBigEndian.js
function swap16(val) {
	return (val & 255) << 8 | val >> 8 & 255;
}
async function decodeBigEndian(imageFrame, pixelData) {
	if (imageFrame.bitsAllocated === 16) {
		let arrayBuffer = pixelData.buffer;
		let offset = pixelData.byteOffset;
		const length = pixelData.length;
		if (offset % 2) {
			arrayBuffer = arrayBuffer.slice(offset);
			offset = 0;
		}
		if (imageFrame.pixelRepresentation === 0) imageFrame.pixelData = new Uint16Array(arrayBuffer, offset, length / 2);
		else imageFrame.pixelData = new Int16Array(arrayBuffer, offset, length / 2);
		for (let i = 0; i < imageFrame.pixelData.length; i++) imageFrame.pixelData[i] = swap16(imageFrame.pixelData[i]);
	} else if (imageFrame.bitsAllocated === 8) imageFrame.pixelData = pixelData;
	return imageFrame;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeRLE.js
async function decodeRLE(imageFrame, pixelData) {
	if (imageFrame.bitsAllocated === 8) {
		if (imageFrame.planarConfiguration) return decode8Planar(imageFrame, pixelData);
		return decode8(imageFrame, pixelData);
	} else if (imageFrame.bitsAllocated === 16) return decode16(imageFrame, pixelData);
	else if (imageFrame.bitsAllocated === 1) return decode8Planar(imageFrame, pixelData, true);
	throw new Error("unsupported pixel format for RLE");
}
function getFrameSize(imageFrame, isOneBit = false) {
	const pixelCount = imageFrame.rows * imageFrame.columns;
	return isOneBit ? Math.ceil(pixelCount / 8) : pixelCount;
}
function unpackOneBitPlanar(packed, imageFrame, frameSize) {
	const pixelsPerPlane = imageFrame.rows * imageFrame.columns;
	const unpacked = new Uint8Array(pixelsPerPlane * imageFrame.samplesPerPixel);
	for (let s = 0; s < imageFrame.samplesPerPixel; s++) {
		const planeOffset = s * frameSize;
		for (let i = 0; i < pixelsPerPlane; i++) {
			const bytePos = planeOffset + Math.floor(i / 8);
			const bitPos = i % 8;
			unpacked[s * pixelsPerPlane + i] = packed[bytePos] & 1 << bitPos ? 1 : 0;
		}
	}
	return unpacked;
}
function decode8(imageFrame, pixelData, isOneBit = false) {
	const frameData = pixelData;
	const frameSize = getFrameSize(imageFrame, isOneBit);
	const outFrame = new ArrayBuffer(frameSize * imageFrame.samplesPerPixel);
	const header = new DataView(frameData.buffer, frameData.byteOffset);
	const data = new Int8Array(frameData.buffer, frameData.byteOffset);
	const out = new Int8Array(outFrame);
	let outIndex = 0;
	const numSegments = header.getInt32(0, true);
	for (let s = 0; s < numSegments; ++s) {
		outIndex = s;
		let inIndex = header.getInt32((s + 1) * 4, true);
		let maxIndex = header.getInt32((s + 2) * 4, true);
		if (maxIndex === 0) maxIndex = frameData.length;
		const endOfSegment = frameSize * numSegments;
		while (inIndex < maxIndex) {
			const n = data[inIndex++];
			if (n >= 0 && n <= 127) for (let i = 0; i < n + 1 && outIndex < endOfSegment; ++i) {
				out[outIndex] = data[inIndex++];
				outIndex += imageFrame.samplesPerPixel;
			}
			else if (n <= -1 && n >= -127) {
				const value = data[inIndex++];
				for (let j = 0; j < -n + 1 && outIndex < endOfSegment; ++j) {
					out[outIndex] = value;
					outIndex += imageFrame.samplesPerPixel;
				}
			}
		}
	}
	imageFrame.pixelData = new Uint8Array(outFrame);
	return imageFrame;
}
function decode8Planar(imageFrame, pixelData, isOneBit = false) {
	const frameData = pixelData;
	const frameSize = getFrameSize(imageFrame, isOneBit);
	const outFrame = new ArrayBuffer(frameSize * imageFrame.samplesPerPixel);
	const header = new DataView(frameData.buffer, frameData.byteOffset);
	const data = new Int8Array(frameData.buffer, frameData.byteOffset);
	const out = new Int8Array(outFrame);
	let outIndex = 0;
	const numSegments = header.getInt32(0, true);
	for (let s = 0; s < numSegments; ++s) {
		outIndex = s * frameSize;
		let inIndex = header.getInt32((s + 1) * 4, true);
		let maxIndex = header.getInt32((s + 2) * 4, true);
		if (maxIndex === 0) maxIndex = frameData.length;
		const endOfSegment = frameSize * numSegments;
		while (inIndex < maxIndex) {
			const n = data[inIndex++];
			if (n >= 0 && n <= 127) for (let i = 0; i < n + 1 && outIndex < endOfSegment; ++i) {
				out[outIndex] = data[inIndex++];
				outIndex++;
			}
			else if (n <= -1 && n >= -127) {
				const value = data[inIndex++];
				for (let j = 0; j < -n + 1 && outIndex < endOfSegment; ++j) {
					out[outIndex] = value;
					outIndex++;
				}
			}
		}
	}
	imageFrame.pixelData = new Uint8Array(outFrame);
	if (isOneBit) imageFrame.pixelData = unpackOneBitPlanar(imageFrame.pixelData, imageFrame, frameSize);
	return imageFrame;
}
function decode16(imageFrame, pixelData) {
	const frameData = pixelData;
	const frameSize = imageFrame.rows * imageFrame.columns;
	const outFrame = /* @__PURE__ */ new ArrayBuffer(frameSize * imageFrame.samplesPerPixel * 2);
	const header = new DataView(frameData.buffer, frameData.byteOffset);
	const data = new Int8Array(frameData.buffer, frameData.byteOffset);
	const out = new Int8Array(outFrame);
	const numSegments = header.getInt32(0, true);
	for (let s = 0; s < numSegments; ++s) {
		let outIndex = 0;
		const highByte = s === 0 ? 1 : 0;
		let inIndex = header.getInt32((s + 1) * 4, true);
		let maxIndex = header.getInt32((s + 2) * 4, true);
		if (maxIndex === 0) maxIndex = frameData.length;
		while (inIndex < maxIndex) {
			const n = data[inIndex++];
			if (n >= 0 && n <= 127) for (let i = 0; i < n + 1 && outIndex < frameSize; ++i) {
				out[outIndex * 2 + highByte] = data[inIndex++];
				outIndex++;
			}
			else if (n <= -1 && n >= -127) {
				const value = data[inIndex++];
				for (let j = 0; j < -n + 1 && outIndex < frameSize; ++j) {
					out[outIndex * 2 + highByte] = value;
					outIndex++;
				}
			}
		}
	}
	if (imageFrame.pixelRepresentation === 0) imageFrame.pixelData = new Uint16Array(outFrame);
	else imageFrame.pixelData = new Int16Array(outFrame);
	return imageFrame;
}
// __vite-browser-external
var require___vite_browser_external = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = {};
}));
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/isSignedPixelData.js
var import_libjpegturbowasm_decode = /* @__PURE__ */ __toESM((/* @__PURE__ */ __commonJSMin(((exports, module) => {
	var libjpegturbowasm_decode = (() => {
		var _scriptName = typeof document != "undefined" ? document.currentScript?.src : void 0;
		if (typeof __filename != "undefined") _scriptName = _scriptName || __filename;
		return (function(moduleArg = {}) {
			var moduleRtn;
			var Module = moduleArg;
			var readyPromiseResolve, readyPromiseReject;
			var readyPromise = new Promise((resolve, reject) => {
				readyPromiseResolve = resolve;
				readyPromiseReject = reject;
			});
			var ENVIRONMENT_IS_WEB = typeof window == "object";
			var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
			var ENVIRONMENT_IS_NODE = typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type != "renderer";
			if (ENVIRONMENT_IS_NODE) {}
			var moduleOverrides = Object.assign({}, Module);
			var thisProgram = "./this.program";
			var quit_ = (status, toThrow) => {
				throw toThrow;
			};
			var scriptDirectory = "";
			function locateFile(path) {
				if (Module["locateFile"]) return Module["locateFile"](path, scriptDirectory);
				return scriptDirectory + path;
			}
			var readAsync, readBinary;
			if (ENVIRONMENT_IS_NODE) {
				var fs = require___vite_browser_external();
				require___vite_browser_external();
				scriptDirectory = __dirname + "/";
				readBinary = (filename) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename);
				};
				readAsync = async (filename, binary = true) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename, binary ? void 0 : "utf8");
				};
				if (!Module["thisProgram"] && process.argv.length > 1) thisProgram = process.argv[1].replace(/\\/g, "/");
				process.argv.slice(2);
				quit_ = (status, toThrow) => {
					process.exitCode = status;
					throw toThrow;
				};
			} else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
				if (ENVIRONMENT_IS_WORKER) scriptDirectory = self.location.href;
				else if (typeof document != "undefined" && document.currentScript) scriptDirectory = document.currentScript.src;
				if (_scriptName) scriptDirectory = _scriptName;
				if (scriptDirectory.startsWith("blob:")) scriptDirectory = "";
				else scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
				if (ENVIRONMENT_IS_WORKER) readBinary = (url) => {
					var xhr = new XMLHttpRequest();
					xhr.open("GET", url, false);
					xhr.responseType = "arraybuffer";
					xhr.send(null);
					return new Uint8Array(xhr.response);
				};
				readAsync = async (url) => {
					if (isFileURI(url)) return new Promise((resolve, reject) => {
						var xhr = new XMLHttpRequest();
						xhr.open("GET", url, true);
						xhr.responseType = "arraybuffer";
						xhr.onload = () => {
							if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
								resolve(xhr.response);
								return;
							}
							reject(xhr.status);
						};
						xhr.onerror = reject;
						xhr.send(null);
					});
					var response = await fetch(url, { credentials: "same-origin" });
					if (response.ok) return response.arrayBuffer();
					throw new Error(response.status + " : " + response.url);
				};
			}
			var out = Module["print"] || console.log.bind(console);
			var err = Module["printErr"] || console.error.bind(console);
			Object.assign(Module, moduleOverrides);
			moduleOverrides = null;
			if (Module["arguments"]) Module["arguments"];
			if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
			var wasmBinary = Module["wasmBinary"];
			var wasmMemory;
			var ABORT = false;
			var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
			function updateMemoryViews() {
				var b = wasmMemory.buffer;
				Module["HEAP8"] = HEAP8 = new Int8Array(b);
				Module["HEAP16"] = HEAP16 = new Int16Array(b);
				Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
				Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
				Module["HEAP32"] = HEAP32 = new Int32Array(b);
				Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
				Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
				Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
			}
			var __ATPRERUN__ = [];
			var __ATINIT__ = [];
			var __ATPOSTRUN__ = [];
			function preRun() {
				if (Module["preRun"]) {
					if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
					while (Module["preRun"].length) addOnPreRun(Module["preRun"].shift());
				}
				callRuntimeCallbacks(__ATPRERUN__);
			}
			function initRuntime() {
				callRuntimeCallbacks(__ATINIT__);
			}
			function postRun() {
				if (Module["postRun"]) {
					if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
					while (Module["postRun"].length) addOnPostRun(Module["postRun"].shift());
				}
				callRuntimeCallbacks(__ATPOSTRUN__);
			}
			function addOnPreRun(cb) {
				__ATPRERUN__.unshift(cb);
			}
			function addOnInit(cb) {
				__ATINIT__.unshift(cb);
			}
			function addOnPostRun(cb) {
				__ATPOSTRUN__.unshift(cb);
			}
			var runDependencies = 0;
			var dependenciesFulfilled = null;
			function addRunDependency(id) {
				runDependencies++;
				Module["monitorRunDependencies"]?.(runDependencies);
			}
			function removeRunDependency(id) {
				runDependencies--;
				Module["monitorRunDependencies"]?.(runDependencies);
				if (runDependencies == 0) {
					if (dependenciesFulfilled) {
						var callback = dependenciesFulfilled;
						dependenciesFulfilled = null;
						callback();
					}
				}
			}
			function abort(what) {
				Module["onAbort"]?.(what);
				what = "Aborted(" + what + ")";
				err(what);
				ABORT = true;
				what += ". Build with -sASSERTIONS for more info.";
				var e = new WebAssembly.RuntimeError(what);
				readyPromiseReject(e);
				throw e;
			}
			var dataURIPrefix = "data:application/octet-stream;base64,";
			var isDataURI = (filename) => filename.startsWith(dataURIPrefix);
			var isFileURI = (filename) => filename.startsWith("file://");
			function findWasmBinary() {
				var f = "libjpegturbowasm_decode.wasm";
				if (!isDataURI(f)) return locateFile(f);
				return f;
			}
			var wasmBinaryFile;
			function getBinarySync(file) {
				if (file == wasmBinaryFile && wasmBinary) return new Uint8Array(wasmBinary);
				if (readBinary) return readBinary(file);
				throw "both async and sync fetching of the wasm failed";
			}
			async function getWasmBinary(binaryFile) {
				if (!wasmBinary) try {
					var response = await readAsync(binaryFile);
					return new Uint8Array(response);
				} catch {}
				return getBinarySync(binaryFile);
			}
			async function instantiateArrayBuffer(binaryFile, imports) {
				try {
					var binary = await getWasmBinary(binaryFile);
					return await WebAssembly.instantiate(binary, imports);
				} catch (reason) {
					err(`failed to asynchronously prepare wasm: ${reason}`);
					abort(reason);
				}
			}
			async function instantiateAsync(binary, binaryFile, imports) {
				if (!binary && typeof WebAssembly.instantiateStreaming == "function" && !isDataURI(binaryFile) && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE && typeof fetch == "function") try {
					var response = fetch(binaryFile, { credentials: "same-origin" });
					return await WebAssembly.instantiateStreaming(response, imports);
				} catch (reason) {
					err(`wasm streaming compile failed: ${reason}`);
					err("falling back to ArrayBuffer instantiation");
				}
				return instantiateArrayBuffer(binaryFile, imports);
			}
			function getWasmImports() {
				return { a: wasmImports };
			}
			async function createWasm() {
				function receiveInstance(instance, module) {
					wasmExports = instance.exports;
					wasmMemory = wasmExports["L"];
					updateMemoryViews();
					wasmTable = wasmExports["O"];
					addOnInit(wasmExports["M"]);
					removeRunDependency("wasm-instantiate");
					return wasmExports;
				}
				addRunDependency("wasm-instantiate");
				function receiveInstantiationResult(result) {
					receiveInstance(result["instance"]);
				}
				var info = getWasmImports();
				if (Module["instantiateWasm"]) try {
					return Module["instantiateWasm"](info, receiveInstance);
				} catch (e) {
					err(`Module.instantiateWasm callback failed with error: ${e}`);
					readyPromiseReject(e);
				}
				wasmBinaryFile ??= findWasmBinary();
				try {
					var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
					receiveInstantiationResult(result);
					return result;
				} catch (e) {
					readyPromiseReject(e);
					return;
				}
			}
			class ExitStatus {
				name = "ExitStatus";
				constructor(status) {
					this.message = `Program terminated with exit(${status})`;
					this.status = status;
				}
			}
			var callRuntimeCallbacks = (callbacks) => {
				while (callbacks.length > 0) callbacks.shift()(Module);
			};
			var noExitRuntime = Module["noExitRuntime"] || true;
			var stackRestore = (val) => __emscripten_stack_restore(val);
			var stackSave = () => _emscripten_stack_get_current();
			class ExceptionInfo {
				constructor(excPtr) {
					this.excPtr = excPtr;
					this.ptr = excPtr - 24;
				}
				set_type(type) {
					HEAPU32[this.ptr + 4 >> 2] = type;
				}
				get_type() {
					return HEAPU32[this.ptr + 4 >> 2];
				}
				set_destructor(destructor) {
					HEAPU32[this.ptr + 8 >> 2] = destructor;
				}
				get_destructor() {
					return HEAPU32[this.ptr + 8 >> 2];
				}
				set_caught(caught) {
					caught = caught ? 1 : 0;
					HEAP8[this.ptr + 12] = caught;
				}
				get_caught() {
					return HEAP8[this.ptr + 12] != 0;
				}
				set_rethrown(rethrown) {
					rethrown = rethrown ? 1 : 0;
					HEAP8[this.ptr + 13] = rethrown;
				}
				get_rethrown() {
					return HEAP8[this.ptr + 13] != 0;
				}
				init(type, destructor) {
					this.set_adjusted_ptr(0);
					this.set_type(type);
					this.set_destructor(destructor);
				}
				set_adjusted_ptr(adjustedPtr) {
					HEAPU32[this.ptr + 16 >> 2] = adjustedPtr;
				}
				get_adjusted_ptr() {
					return HEAPU32[this.ptr + 16 >> 2];
				}
			}
			var exceptionLast = 0;
			var uncaughtExceptionCount = 0;
			var ___cxa_throw = (ptr, type, destructor) => {
				new ExceptionInfo(ptr).init(type, destructor);
				exceptionLast = ptr;
				uncaughtExceptionCount++;
				throw exceptionLast;
			};
			var __abort_js = () => abort("");
			var structRegistrations = {};
			var runDestructors = (destructors) => {
				while (destructors.length) {
					var ptr = destructors.pop();
					destructors.pop()(ptr);
				}
			};
			function readPointer(pointer) {
				return this["fromWireType"](HEAPU32[pointer >> 2]);
			}
			var awaitingDependencies = {};
			var registeredTypes = {};
			var typeDependencies = {};
			var InternalError;
			var throwInternalError = (message) => {
				throw new InternalError(message);
			};
			var whenDependentTypesAreResolved = (myTypes, dependentTypes, getTypeConverters) => {
				myTypes.forEach((type) => typeDependencies[type] = dependentTypes);
				function onComplete(typeConverters) {
					var myTypeConverters = getTypeConverters(typeConverters);
					if (myTypeConverters.length !== myTypes.length) throwInternalError("Mismatched type converter count");
					for (var i = 0; i < myTypes.length; ++i) registerType(myTypes[i], myTypeConverters[i]);
				}
				var typeConverters = new Array(dependentTypes.length);
				var unregisteredTypes = [];
				var registered = 0;
				dependentTypes.forEach((dt, i) => {
					if (registeredTypes.hasOwnProperty(dt)) typeConverters[i] = registeredTypes[dt];
					else {
						unregisteredTypes.push(dt);
						if (!awaitingDependencies.hasOwnProperty(dt)) awaitingDependencies[dt] = [];
						awaitingDependencies[dt].push(() => {
							typeConverters[i] = registeredTypes[dt];
							++registered;
							if (registered === unregisteredTypes.length) onComplete(typeConverters);
						});
					}
				});
				if (0 === unregisteredTypes.length) onComplete(typeConverters);
			};
			var __embind_finalize_value_object = (structType) => {
				var reg = structRegistrations[structType];
				delete structRegistrations[structType];
				var rawConstructor = reg.rawConstructor;
				var rawDestructor = reg.rawDestructor;
				var fieldRecords = reg.fields;
				var fieldTypes = fieldRecords.map((field) => field.getterReturnType).concat(fieldRecords.map((field) => field.setterArgumentType));
				whenDependentTypesAreResolved([structType], fieldTypes, (fieldTypes) => {
					var fields = {};
					fieldRecords.forEach((field, i) => {
						var fieldName = field.fieldName;
						var getterReturnType = fieldTypes[i];
						var getter = field.getter;
						var getterContext = field.getterContext;
						var setterArgumentType = fieldTypes[i + fieldRecords.length];
						var setter = field.setter;
						var setterContext = field.setterContext;
						fields[fieldName] = {
							read: (ptr) => getterReturnType["fromWireType"](getter(getterContext, ptr)),
							write: (ptr, o) => {
								var destructors = [];
								setter(setterContext, ptr, setterArgumentType["toWireType"](destructors, o));
								runDestructors(destructors);
							}
						};
					});
					return [{
						name: reg.name,
						fromWireType: (ptr) => {
							var rv = {};
							for (var i in fields) rv[i] = fields[i].read(ptr);
							rawDestructor(ptr);
							return rv;
						},
						toWireType: (destructors, o) => {
							for (var fieldName in fields) if (!(fieldName in o)) throw new TypeError(`Missing field: "${fieldName}"`);
							var ptr = rawConstructor();
							for (fieldName in fields) fields[fieldName].write(ptr, o[fieldName]);
							if (destructors !== null) destructors.push(rawDestructor, ptr);
							return ptr;
						},
						argPackAdvance: GenericWireTypeSize,
						readValueFromPointer: readPointer,
						destructorFunction: rawDestructor
					}];
				});
			};
			var __embind_register_bigint = (primitiveType, name, size, minRange, maxRange) => {};
			var embind_init_charCodes = () => {
				var codes = new Array(256);
				for (var i = 0; i < 256; ++i) codes[i] = String.fromCharCode(i);
				embind_charCodes = codes;
			};
			var embind_charCodes;
			var readLatin1String = (ptr) => {
				var ret = "";
				var c = ptr;
				while (HEAPU8[c]) ret += embind_charCodes[HEAPU8[c++]];
				return ret;
			};
			var BindingError;
			var throwBindingError = (message) => {
				throw new BindingError(message);
			};
			function sharedRegisterType(rawType, registeredInstance, options = {}) {
				var name = registeredInstance.name;
				if (!rawType) throwBindingError(`type "${name}" must have a positive integer typeid pointer`);
				if (registeredTypes.hasOwnProperty(rawType)) {
					if (options.ignoreDuplicateRegistrations) return;
					else throwBindingError(`Cannot register type '${name}' twice`);
				}
				registeredTypes[rawType] = registeredInstance;
				delete typeDependencies[rawType];
				if (awaitingDependencies.hasOwnProperty(rawType)) {
					var callbacks = awaitingDependencies[rawType];
					delete awaitingDependencies[rawType];
					callbacks.forEach((cb) => cb());
				}
			}
			function registerType(rawType, registeredInstance, options = {}) {
				return sharedRegisterType(rawType, registeredInstance, options);
			}
			var GenericWireTypeSize = 8;
			var __embind_register_bool = (rawType, name, trueValue, falseValue) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: function(wt) {
						return !!wt;
					},
					toWireType: function(destructors, o) {
						return o ? trueValue : falseValue;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: function(pointer) {
						return this["fromWireType"](HEAPU8[pointer]);
					},
					destructorFunction: null
				});
			};
			var shallowCopyInternalPointer = (o) => ({
				count: o.count,
				deleteScheduled: o.deleteScheduled,
				preservePointerOnDelete: o.preservePointerOnDelete,
				ptr: o.ptr,
				ptrType: o.ptrType,
				smartPtr: o.smartPtr,
				smartPtrType: o.smartPtrType
			});
			var throwInstanceAlreadyDeleted = (obj) => {
				function getInstanceTypeName(handle) {
					return handle.$$.ptrType.registeredClass.name;
				}
				throwBindingError(getInstanceTypeName(obj) + " instance already deleted");
			};
			var finalizationRegistry = false;
			var detachFinalizer = (handle) => {};
			var runDestructor = ($$) => {
				if ($$.smartPtr) $$.smartPtrType.rawDestructor($$.smartPtr);
				else $$.ptrType.registeredClass.rawDestructor($$.ptr);
			};
			var releaseClassHandle = ($$) => {
				$$.count.value -= 1;
				if (0 === $$.count.value) runDestructor($$);
			};
			var downcastPointer = (ptr, ptrClass, desiredClass) => {
				if (ptrClass === desiredClass) return ptr;
				if (void 0 === desiredClass.baseClass) return null;
				var rv = downcastPointer(ptr, ptrClass, desiredClass.baseClass);
				if (rv === null) return null;
				return desiredClass.downcast(rv);
			};
			var registeredPointers = {};
			var registeredInstances = {};
			var getBasestPointer = (class_, ptr) => {
				if (ptr === void 0) throwBindingError("ptr should not be undefined");
				while (class_.baseClass) {
					ptr = class_.upcast(ptr);
					class_ = class_.baseClass;
				}
				return ptr;
			};
			var getInheritedInstance = (class_, ptr) => {
				ptr = getBasestPointer(class_, ptr);
				return registeredInstances[ptr];
			};
			var makeClassHandle = (prototype, record) => {
				if (!record.ptrType || !record.ptr) throwInternalError("makeClassHandle requires ptr and ptrType");
				if (!!record.smartPtrType !== !!record.smartPtr) throwInternalError("Both smartPtrType and smartPtr must be specified");
				record.count = { value: 1 };
				return attachFinalizer(Object.create(prototype, { $$: {
					value: record,
					writable: true
				} }));
			};
			function RegisteredPointer_fromWireType(ptr) {
				var rawPointer = this.getPointee(ptr);
				if (!rawPointer) {
					this.destructor(ptr);
					return null;
				}
				var registeredInstance = getInheritedInstance(this.registeredClass, rawPointer);
				if (void 0 !== registeredInstance) {
					if (0 === registeredInstance.$$.count.value) {
						registeredInstance.$$.ptr = rawPointer;
						registeredInstance.$$.smartPtr = ptr;
						return registeredInstance["clone"]();
					} else {
						var rv = registeredInstance["clone"]();
						this.destructor(ptr);
						return rv;
					}
				}
				function makeDefaultHandle() {
					if (this.isSmartPointer) return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this.pointeeType,
						ptr: rawPointer,
						smartPtrType: this,
						smartPtr: ptr
					});
					else return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this,
						ptr
					});
				}
				var registeredPointerRecord = registeredPointers[this.registeredClass.getActualType(rawPointer)];
				if (!registeredPointerRecord) return makeDefaultHandle.call(this);
				var toType;
				if (this.isConst) toType = registeredPointerRecord.constPointerType;
				else toType = registeredPointerRecord.pointerType;
				var dp = downcastPointer(rawPointer, this.registeredClass, toType.registeredClass);
				if (dp === null) return makeDefaultHandle.call(this);
				if (this.isSmartPointer) return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp,
					smartPtrType: this,
					smartPtr: ptr
				});
				else return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp
				});
			}
			var attachFinalizer = (handle) => {
				if ("undefined" === typeof FinalizationRegistry) {
					attachFinalizer = (handle) => handle;
					return handle;
				}
				finalizationRegistry = new FinalizationRegistry((info) => {
					releaseClassHandle(info.$$);
				});
				attachFinalizer = (handle) => {
					var $$ = handle.$$;
					if (!!$$.smartPtr) {
						var info = { $$ };
						finalizationRegistry.register(handle, info, handle);
					}
					return handle;
				};
				detachFinalizer = (handle) => finalizationRegistry.unregister(handle);
				return attachFinalizer(handle);
			};
			var deletionQueue = [];
			var flushPendingDeletes = () => {
				while (deletionQueue.length) {
					var obj = deletionQueue.pop();
					obj.$$.deleteScheduled = false;
					obj["delete"]();
				}
			};
			var delayFunction;
			var init_ClassHandle = () => {
				Object.assign(ClassHandle.prototype, {
					isAliasOf(other) {
						if (!(this instanceof ClassHandle)) return false;
						if (!(other instanceof ClassHandle)) return false;
						var leftClass = this.$$.ptrType.registeredClass;
						var left = this.$$.ptr;
						other.$$ = other.$$;
						var rightClass = other.$$.ptrType.registeredClass;
						var right = other.$$.ptr;
						while (leftClass.baseClass) {
							left = leftClass.upcast(left);
							leftClass = leftClass.baseClass;
						}
						while (rightClass.baseClass) {
							right = rightClass.upcast(right);
							rightClass = rightClass.baseClass;
						}
						return leftClass === rightClass && left === right;
					},
					clone() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.preservePointerOnDelete) {
							this.$$.count.value += 1;
							return this;
						} else {
							var clone = attachFinalizer(Object.create(Object.getPrototypeOf(this), { $$: { value: shallowCopyInternalPointer(this.$$) } }));
							clone.$$.count.value += 1;
							clone.$$.deleteScheduled = false;
							return clone;
						}
					},
					delete() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						detachFinalizer(this);
						releaseClassHandle(this.$$);
						if (!this.$$.preservePointerOnDelete) {
							this.$$.smartPtr = void 0;
							this.$$.ptr = void 0;
						}
					},
					isDeleted() {
						return !this.$$.ptr;
					},
					deleteLater() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						deletionQueue.push(this);
						if (deletionQueue.length === 1 && delayFunction) delayFunction(flushPendingDeletes);
						this.$$.deleteScheduled = true;
						return this;
					}
				});
			};
			function ClassHandle() {}
			var createNamedFunction = (name, body) => Object.defineProperty(body, "name", { value: name });
			var ensureOverloadTable = (proto, methodName, humanName) => {
				if (void 0 === proto[methodName].overloadTable) {
					var prevFunc = proto[methodName];
					proto[methodName] = function(...args) {
						if (!proto[methodName].overloadTable.hasOwnProperty(args.length)) throwBindingError(`Function '${humanName}' called with an invalid number of arguments (${args.length}) - expects one of (${proto[methodName].overloadTable})!`);
						return proto[methodName].overloadTable[args.length].apply(this, args);
					};
					proto[methodName].overloadTable = [];
					proto[methodName].overloadTable[prevFunc.argCount] = prevFunc;
				}
			};
			var exposePublicSymbol = (name, value, numArguments) => {
				if (Module.hasOwnProperty(name)) {
					if (void 0 === numArguments || void 0 !== Module[name].overloadTable && void 0 !== Module[name].overloadTable[numArguments]) throwBindingError(`Cannot register public name '${name}' twice`);
					ensureOverloadTable(Module, name, name);
					if (Module[name].overloadTable.hasOwnProperty(numArguments)) throwBindingError(`Cannot register multiple overloads of a function with the same number of arguments (${numArguments})!`);
					Module[name].overloadTable[numArguments] = value;
				} else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var char_0 = 48;
			var char_9 = 57;
			var makeLegalFunctionName = (name) => {
				name = name.replace(/[^a-zA-Z0-9_]/g, "$");
				var f = name.charCodeAt(0);
				if (f >= char_0 && f <= char_9) return `_${name}`;
				return name;
			};
			function RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast) {
				this.name = name;
				this.constructor = constructor;
				this.instancePrototype = instancePrototype;
				this.rawDestructor = rawDestructor;
				this.baseClass = baseClass;
				this.getActualType = getActualType;
				this.upcast = upcast;
				this.downcast = downcast;
				this.pureVirtualFunctions = [];
			}
			var upcastPointer = (ptr, ptrClass, desiredClass) => {
				while (ptrClass !== desiredClass) {
					if (!ptrClass.upcast) throwBindingError(`Expected null or instance of ${desiredClass.name}, got an instance of ${ptrClass.name}`);
					ptr = ptrClass.upcast(ptr);
					ptrClass = ptrClass.baseClass;
				}
				return ptr;
			};
			function constNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			function genericPointerToWireType(destructors, handle) {
				var ptr;
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					if (this.isSmartPointer) {
						ptr = this.rawConstructor();
						if (destructors !== null) destructors.push(this.rawDestructor, ptr);
						return ptr;
					} else return 0;
				}
				if (!handle || !handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (!this.isConst && handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				ptr = upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
				if (this.isSmartPointer) {
					if (void 0 === handle.$$.smartPtr) throwBindingError("Passing raw pointer to smart pointer is illegal");
					switch (this.sharingPolicy) {
						case 0:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
							break;
						case 1:
							ptr = handle.$$.smartPtr;
							break;
						case 2:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else {
								var clonedHandle = handle["clone"]();
								ptr = this.rawShare(ptr, Emval.toHandle(() => clonedHandle["delete"]()));
								if (destructors !== null) destructors.push(this.rawDestructor, ptr);
							}
							break;
						default: throwBindingError("Unsupporting sharing policy");
					}
				}
				return ptr;
			}
			function nonConstNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			var init_RegisteredPointer = () => {
				Object.assign(RegisteredPointer.prototype, {
					getPointee(ptr) {
						if (this.rawGetPointee) ptr = this.rawGetPointee(ptr);
						return ptr;
					},
					destructor(ptr) {
						this.rawDestructor?.(ptr);
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					fromWireType: RegisteredPointer_fromWireType
				});
			};
			function RegisteredPointer(name, registeredClass, isReference, isConst, isSmartPointer, pointeeType, sharingPolicy, rawGetPointee, rawConstructor, rawShare, rawDestructor) {
				this.name = name;
				this.registeredClass = registeredClass;
				this.isReference = isReference;
				this.isConst = isConst;
				this.isSmartPointer = isSmartPointer;
				this.pointeeType = pointeeType;
				this.sharingPolicy = sharingPolicy;
				this.rawGetPointee = rawGetPointee;
				this.rawConstructor = rawConstructor;
				this.rawShare = rawShare;
				this.rawDestructor = rawDestructor;
				if (!isSmartPointer && registeredClass.baseClass === void 0) {
					if (isConst) {
						this["toWireType"] = constNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					} else {
						this["toWireType"] = nonConstNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					}
				} else this["toWireType"] = genericPointerToWireType;
			}
			var replacePublicSymbol = (name, value, numArguments) => {
				if (!Module.hasOwnProperty(name)) throwInternalError("Replacing nonexistent public symbol");
				if (void 0 !== Module[name].overloadTable && void 0 !== numArguments) Module[name].overloadTable[numArguments] = value;
				else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var dynCallLegacy = (sig, ptr, args) => {
				sig = sig.replace(/p/g, "i");
				var f = Module["dynCall_" + sig];
				return f(ptr, ...args);
			};
			var wasmTableMirror = [];
			var wasmTable;
			var getWasmTableEntry = (funcPtr) => {
				var func = wasmTableMirror[funcPtr];
				if (!func) {
					if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
					wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
				}
				return func;
			};
			var dynCall = (sig, ptr, args = []) => {
				if (sig.includes("j")) return dynCallLegacy(sig, ptr, args);
				return getWasmTableEntry(ptr)(...args);
			};
			var getDynCaller = (sig, ptr) => (...args) => dynCall(sig, ptr, args);
			var embind__requireFunction = (signature, rawFunction) => {
				signature = readLatin1String(signature);
				function makeDynCaller() {
					if (signature.includes("j")) return getDynCaller(signature, rawFunction);
					return getWasmTableEntry(rawFunction);
				}
				var fp = makeDynCaller();
				if (typeof fp != "function") throwBindingError(`unknown function pointer with signature ${signature}: ${rawFunction}`);
				return fp;
			};
			var extendError = (baseErrorType, errorName) => {
				var errorClass = createNamedFunction(errorName, function(message) {
					this.name = errorName;
					this.message = message;
					var stack = new Error(message).stack;
					if (stack !== void 0) this.stack = this.toString() + "\n" + stack.replace(/^Error(:[^\n]*)?\n/, "");
				});
				errorClass.prototype = Object.create(baseErrorType.prototype);
				errorClass.prototype.constructor = errorClass;
				errorClass.prototype.toString = function() {
					if (this.message === void 0) return this.name;
					else return `${this.name}: ${this.message}`;
				};
				return errorClass;
			};
			var UnboundTypeError;
			var getTypeName = (type) => {
				var ptr = ___getTypeName(type);
				var rv = readLatin1String(ptr);
				_free(ptr);
				return rv;
			};
			var throwUnboundTypeError = (message, types) => {
				var unboundTypes = [];
				var seen = {};
				function visit(type) {
					if (seen[type]) return;
					if (registeredTypes[type]) return;
					if (typeDependencies[type]) {
						typeDependencies[type].forEach(visit);
						return;
					}
					unboundTypes.push(type);
					seen[type] = true;
				}
				types.forEach(visit);
				throw new UnboundTypeError(`${message}: ` + unboundTypes.map(getTypeName).join([", "]));
			};
			var __embind_register_class = (rawType, rawPointerType, rawConstPointerType, baseClassRawType, getActualTypeSignature, getActualType, upcastSignature, upcast, downcastSignature, downcast, name, destructorSignature, rawDestructor) => {
				name = readLatin1String(name);
				getActualType = embind__requireFunction(getActualTypeSignature, getActualType);
				upcast &&= embind__requireFunction(upcastSignature, upcast);
				downcast &&= embind__requireFunction(downcastSignature, downcast);
				rawDestructor = embind__requireFunction(destructorSignature, rawDestructor);
				var legalFunctionName = makeLegalFunctionName(name);
				exposePublicSymbol(legalFunctionName, function() {
					throwUnboundTypeError(`Cannot construct ${name} due to unbound types`, [baseClassRawType]);
				});
				whenDependentTypesAreResolved([
					rawType,
					rawPointerType,
					rawConstPointerType
				], baseClassRawType ? [baseClassRawType] : [], (base) => {
					base = base[0];
					var baseClass;
					var basePrototype;
					if (baseClassRawType) {
						baseClass = base.registeredClass;
						basePrototype = baseClass.instancePrototype;
					} else basePrototype = ClassHandle.prototype;
					var constructor = createNamedFunction(name, function(...args) {
						if (Object.getPrototypeOf(this) !== instancePrototype) throw new BindingError("Use 'new' to construct " + name);
						if (void 0 === registeredClass.constructor_body) throw new BindingError(name + " has no accessible constructor");
						var body = registeredClass.constructor_body[args.length];
						if (void 0 === body) throw new BindingError(`Tried to invoke ctor of ${name} with invalid number of parameters (${args.length}) - expected (${Object.keys(registeredClass.constructor_body).toString()}) parameters instead!`);
						return body.apply(this, args);
					});
					var instancePrototype = Object.create(basePrototype, { constructor: { value: constructor } });
					constructor.prototype = instancePrototype;
					var registeredClass = new RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast);
					if (registeredClass.baseClass) {
						registeredClass.baseClass.__derivedClasses ??= [];
						registeredClass.baseClass.__derivedClasses.push(registeredClass);
					}
					var referenceConverter = new RegisteredPointer(name, registeredClass, true, false, false);
					var pointerConverter = new RegisteredPointer(name + "*", registeredClass, false, false, false);
					var constPointerConverter = new RegisteredPointer(name + " const*", registeredClass, false, true, false);
					registeredPointers[rawType] = {
						pointerType: pointerConverter,
						constPointerType: constPointerConverter
					};
					replacePublicSymbol(legalFunctionName, constructor);
					return [
						referenceConverter,
						pointerConverter,
						constPointerConverter
					];
				});
			};
			var heap32VectorToArray = (count, firstElement) => {
				var array = [];
				for (var i = 0; i < count; i++) array.push(HEAPU32[firstElement + i * 4 >> 2]);
				return array;
			};
			function usesDestructorStack(argTypes) {
				for (var i = 1; i < argTypes.length; ++i) if (argTypes[i] !== null && argTypes[i].destructorFunction === void 0) return true;
				return false;
			}
			var InvokerFunctions = {
				ftf: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn);
						return retType["fromWireType"](rv);
					};
				},
				ttfnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0) {
					return function(arg0) {
						var rv = invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0));
						return retType["fromWireType"](rv);
					};
				},
				ttfn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn, classParam["toWireType"](null, this));
						return retType["fromWireType"](rv);
					};
				},
				tffn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						invoker(fn, classParam["toWireType"](null, this));
					};
				}
			};
			function createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync) {
				const signature = [
					isClassMethodFunc ? "t" : "f",
					returns ? "t" : "f",
					isAsync ? "t" : "f"
				];
				for (let i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) {
					const arg = argTypes[i];
					let destructorSig = "";
					if (arg.destructorFunction === void 0) destructorSig = "u";
					else if (arg.destructorFunction === null) destructorSig = "n";
					else destructorSig = "t";
					signature.push(destructorSig);
				}
				return signature.join("");
			}
			function craftInvokerFunction(humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc, isAsync) {
				var argCount = argTypes.length;
				if (argCount < 2) throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
				var isClassMethodFunc = argTypes[1] !== null && classType !== null;
				var needsDestructorStack = usesDestructorStack(argTypes);
				var returns = argTypes[0].name !== "void";
				var closureArgs = [
					humanName,
					throwBindingError,
					cppInvokerFunc,
					cppTargetFunc,
					runDestructors,
					argTypes[0],
					argTypes[1]
				];
				for (var i = 0; i < argCount - 2; ++i) closureArgs.push(argTypes[i + 2]);
				if (!needsDestructorStack) {
					for (var i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) if (argTypes[i].destructorFunction !== null) closureArgs.push(argTypes[i].destructorFunction);
				}
				return createNamedFunction(humanName, InvokerFunctions[createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync)](...closureArgs));
			}
			var __embind_register_class_constructor = (rawClassType, argCount, rawArgTypesAddr, invokerSignature, invoker, rawConstructor) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				invoker = embind__requireFunction(invokerSignature, invoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `constructor ${classType.name}`;
					if (void 0 === classType.registeredClass.constructor_body) classType.registeredClass.constructor_body = [];
					if (void 0 !== classType.registeredClass.constructor_body[argCount - 1]) throw new BindingError(`Cannot register multiple constructors with identical number of parameters (${argCount - 1}) for class '${classType.name}'! Overload resolution is currently only performed using the parameter count, not actual type info!`);
					classType.registeredClass.constructor_body[argCount - 1] = () => {
						throwUnboundTypeError(`Cannot construct ${classType.name} due to unbound types`, rawArgTypes);
					};
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						argTypes.splice(1, 0, null);
						classType.registeredClass.constructor_body[argCount - 1] = craftInvokerFunction(humanName, argTypes, null, invoker, rawConstructor);
						return [];
					});
					return [];
				});
			};
			var getFunctionName = (signature) => {
				signature = signature.trim();
				const argsIndex = signature.indexOf("(");
				if (argsIndex !== -1) return signature.substr(0, argsIndex);
				else return signature;
			};
			var __embind_register_class_function = (rawClassType, methodName, argCount, rawArgTypesAddr, invokerSignature, rawInvoker, context, isPureVirtual, isAsync, isNonnullReturn) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				methodName = readLatin1String(methodName);
				methodName = getFunctionName(methodName);
				rawInvoker = embind__requireFunction(invokerSignature, rawInvoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `${classType.name}.${methodName}`;
					if (methodName.startsWith("@@")) methodName = Symbol[methodName.substring(2)];
					if (isPureVirtual) classType.registeredClass.pureVirtualFunctions.push(methodName);
					function unboundTypesHandler() {
						throwUnboundTypeError(`Cannot call ${humanName} due to unbound types`, rawArgTypes);
					}
					var proto = classType.registeredClass.instancePrototype;
					var method = proto[methodName];
					if (void 0 === method || void 0 === method.overloadTable && method.className !== classType.name && method.argCount === argCount - 2) {
						unboundTypesHandler.argCount = argCount - 2;
						unboundTypesHandler.className = classType.name;
						proto[methodName] = unboundTypesHandler;
					} else {
						ensureOverloadTable(proto, methodName, humanName);
						proto[methodName].overloadTable[argCount - 2] = unboundTypesHandler;
					}
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						var memberFunction = craftInvokerFunction(humanName, argTypes, classType, rawInvoker, context, isAsync);
						if (void 0 === proto[methodName].overloadTable) {
							memberFunction.argCount = argCount - 2;
							proto[methodName] = memberFunction;
						} else proto[methodName].overloadTable[argCount - 2] = memberFunction;
						return [];
					});
					return [];
				});
			};
			var emval_freelist = [];
			var emval_handles = [];
			var __emval_decref = (handle) => {
				if (handle > 9 && 0 === --emval_handles[handle + 1]) {
					emval_handles[handle] = void 0;
					emval_freelist.push(handle);
				}
			};
			var count_emval_handles = () => emval_handles.length / 2 - 5 - emval_freelist.length;
			var init_emval = () => {
				emval_handles.push(0, 1, void 0, 1, null, 1, true, 1, false, 1);
				Module["count_emval_handles"] = count_emval_handles;
			};
			var Emval = {
				toValue: (handle) => {
					if (!handle) throwBindingError("Cannot use deleted val. handle = " + handle);
					return emval_handles[handle];
				},
				toHandle: (value) => {
					switch (value) {
						case void 0: return 2;
						case null: return 4;
						case true: return 6;
						case false: return 8;
						default: {
							const handle = emval_freelist.pop() || emval_handles.length;
							emval_handles[handle] = value;
							emval_handles[handle + 1] = 1;
							return handle;
						}
					}
				}
			};
			var EmValType = {
				name: "emscripten::val",
				fromWireType: (handle) => {
					var rv = Emval.toValue(handle);
					__emval_decref(handle);
					return rv;
				},
				toWireType: (destructors, value) => Emval.toHandle(value),
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				destructorFunction: null
			};
			var __embind_register_emval = (rawType) => registerType(rawType, EmValType);
			var embindRepr = (v) => {
				if (v === null) return "null";
				var t = typeof v;
				if (t === "object" || t === "array" || t === "function") return v.toString();
				else return "" + v;
			};
			var floatReadValueFromPointer = (name, width) => {
				switch (width) {
					case 4: return function(pointer) {
						return this["fromWireType"](HEAPF32[pointer >> 2]);
					};
					case 8: return function(pointer) {
						return this["fromWireType"](HEAPF64[pointer >> 3]);
					};
					default: throw new TypeError(`invalid float width (${width}): ${name}`);
				}
			};
			var __embind_register_float = (rawType, name, size) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: (value) => value,
					toWireType: (destructors, value) => value,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: floatReadValueFromPointer(name, size),
					destructorFunction: null
				});
			};
			var integerReadValueFromPointer = (name, width, signed) => {
				switch (width) {
					case 1: return signed ? (pointer) => HEAP8[pointer] : (pointer) => HEAPU8[pointer];
					case 2: return signed ? (pointer) => HEAP16[pointer >> 1] : (pointer) => HEAPU16[pointer >> 1];
					case 4: return signed ? (pointer) => HEAP32[pointer >> 2] : (pointer) => HEAPU32[pointer >> 2];
					default: throw new TypeError(`invalid integer width (${width}): ${name}`);
				}
			};
			var __embind_register_integer = (primitiveType, name, size, minRange, maxRange) => {
				name = readLatin1String(name);
				if (maxRange === -1) maxRange = 4294967295;
				var fromWireType = (value) => value;
				if (minRange === 0) {
					var bitshift = 32 - 8 * size;
					fromWireType = (value) => value << bitshift >>> bitshift;
				}
				var isUnsignedType = name.includes("unsigned");
				var toWireType;
				if (isUnsignedType) toWireType = function(destructors, value) {
					this.name;
					return value >>> 0;
				};
				else toWireType = function(destructors, value) {
					this.name;
					return value;
				};
				registerType(primitiveType, {
					name,
					fromWireType,
					toWireType,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: integerReadValueFromPointer(name, size, minRange !== 0),
					destructorFunction: null
				});
			};
			var __embind_register_memory_view = (rawType, dataTypeIndex, name) => {
				var TA = [
					Int8Array,
					Uint8Array,
					Int16Array,
					Uint16Array,
					Int32Array,
					Uint32Array,
					Float32Array,
					Float64Array
				][dataTypeIndex];
				function decodeMemoryView(handle) {
					var size = HEAPU32[handle >> 2];
					var data = HEAPU32[handle + 4 >> 2];
					return new TA(HEAP8.buffer, data, size);
				}
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: decodeMemoryView,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: decodeMemoryView
				}, { ignoreDuplicateRegistrations: true });
			};
			var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
				if (!(maxBytesToWrite > 0)) return 0;
				var startIdx = outIdx;
				var endIdx = outIdx + maxBytesToWrite - 1;
				for (var i = 0; i < str.length; ++i) {
					var u = str.charCodeAt(i);
					if (u >= 55296 && u <= 57343) {
						var u1 = str.charCodeAt(++i);
						u = 65536 + ((u & 1023) << 10) | u1 & 1023;
					}
					if (u <= 127) {
						if (outIdx >= endIdx) break;
						heap[outIdx++] = u;
					} else if (u <= 2047) {
						if (outIdx + 1 >= endIdx) break;
						heap[outIdx++] = 192 | u >> 6;
						heap[outIdx++] = 128 | u & 63;
					} else if (u <= 65535) {
						if (outIdx + 2 >= endIdx) break;
						heap[outIdx++] = 224 | u >> 12;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					} else {
						if (outIdx + 3 >= endIdx) break;
						heap[outIdx++] = 240 | u >> 18;
						heap[outIdx++] = 128 | u >> 12 & 63;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					}
				}
				heap[outIdx] = 0;
				return outIdx - startIdx;
			};
			var stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
			var lengthBytesUTF8 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var c = str.charCodeAt(i);
					if (c <= 127) len++;
					else if (c <= 2047) len += 2;
					else if (c >= 55296 && c <= 57343) {
						len += 4;
						++i;
					} else len += 3;
				}
				return len;
			};
			var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
			var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead = NaN) => {
				var endIdx = idx + maxBytesToRead;
				var endPtr = idx;
				while (heapOrArray[endPtr] && !(endPtr >= endIdx)) ++endPtr;
				if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
				var str = "";
				while (idx < endPtr) {
					var u0 = heapOrArray[idx++];
					if (!(u0 & 128)) {
						str += String.fromCharCode(u0);
						continue;
					}
					var u1 = heapOrArray[idx++] & 63;
					if ((u0 & 224) == 192) {
						str += String.fromCharCode((u0 & 31) << 6 | u1);
						continue;
					}
					var u2 = heapOrArray[idx++] & 63;
					if ((u0 & 240) == 224) u0 = (u0 & 15) << 12 | u1 << 6 | u2;
					else u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
					if (u0 < 65536) str += String.fromCharCode(u0);
					else {
						var ch = u0 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					}
				}
				return str;
			};
			var UTF8ToString = (ptr, maxBytesToRead) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead) : "";
			var __embind_register_std_string = (rawType, name) => {
				name = readLatin1String(name);
				var stdStringIsUTF8 = true;
				registerType(rawType, {
					name,
					fromWireType(value) {
						var length = HEAPU32[value >> 2];
						var payload = value + 4;
						var str;
						if (stdStringIsUTF8) {
							var decodeStartPtr = payload;
							for (var i = 0; i <= length; ++i) {
								var currentBytePtr = payload + i;
								if (i == length || HEAPU8[currentBytePtr] == 0) {
									var maxRead = currentBytePtr - decodeStartPtr;
									var stringSegment = UTF8ToString(decodeStartPtr, maxRead);
									if (str === void 0) str = stringSegment;
									else {
										str += String.fromCharCode(0);
										str += stringSegment;
									}
									decodeStartPtr = currentBytePtr + 1;
								}
							}
						} else {
							var a = new Array(length);
							for (var i = 0; i < length; ++i) a[i] = String.fromCharCode(HEAPU8[payload + i]);
							str = a.join("");
						}
						_free(value);
						return str;
					},
					toWireType(destructors, value) {
						if (value instanceof ArrayBuffer) value = new Uint8Array(value);
						var length;
						var valueIsOfTypeString = typeof value == "string";
						if (!(valueIsOfTypeString || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array)) throwBindingError("Cannot pass non-string to std::string");
						if (stdStringIsUTF8 && valueIsOfTypeString) length = lengthBytesUTF8(value);
						else length = value.length;
						var base = _malloc(4 + length + 1);
						var ptr = base + 4;
						HEAPU32[base >> 2] = length;
						if (stdStringIsUTF8 && valueIsOfTypeString) stringToUTF8(value, ptr, length + 1);
						else if (valueIsOfTypeString) for (var i = 0; i < length; ++i) {
							var charCode = value.charCodeAt(i);
							if (charCode > 255) {
								_free(ptr);
								throwBindingError("String has UTF-16 code units that do not fit in 8 bits");
							}
							HEAPU8[ptr + i] = charCode;
						}
						else for (var i = 0; i < length; ++i) HEAPU8[ptr + i] = value[i];
						if (destructors !== null) destructors.push(_free, base);
						return base;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var UTF16Decoder = typeof TextDecoder != "undefined" ? new TextDecoder("utf-16le") : void 0;
			var UTF16ToString = (ptr, maxBytesToRead) => {
				var endPtr = ptr;
				var idx = endPtr >> 1;
				var maxIdx = idx + maxBytesToRead / 2;
				while (!(idx >= maxIdx) && HEAPU16[idx]) ++idx;
				endPtr = idx << 1;
				if (endPtr - ptr > 32 && UTF16Decoder) return UTF16Decoder.decode(HEAPU8.subarray(ptr, endPtr));
				var str = "";
				for (var i = 0; !(i >= maxBytesToRead / 2); ++i) {
					var codeUnit = HEAP16[ptr + i * 2 >> 1];
					if (codeUnit == 0) break;
					str += String.fromCharCode(codeUnit);
				}
				return str;
			};
			var stringToUTF16 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 2) return 0;
				maxBytesToWrite -= 2;
				var startPtr = outPtr;
				var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
				for (var i = 0; i < numCharsToWrite; ++i) {
					var codeUnit = str.charCodeAt(i);
					HEAP16[outPtr >> 1] = codeUnit;
					outPtr += 2;
				}
				HEAP16[outPtr >> 1] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF16 = (str) => str.length * 2;
			var UTF32ToString = (ptr, maxBytesToRead) => {
				var i = 0;
				var str = "";
				while (!(i >= maxBytesToRead / 4)) {
					var utf32 = HEAP32[ptr + i * 4 >> 2];
					if (utf32 == 0) break;
					++i;
					if (utf32 >= 65536) {
						var ch = utf32 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					} else str += String.fromCharCode(utf32);
				}
				return str;
			};
			var stringToUTF32 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 4) return 0;
				var startPtr = outPtr;
				var endPtr = startPtr + maxBytesToWrite - 4;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) {
						var trailSurrogate = str.charCodeAt(++i);
						codeUnit = 65536 + ((codeUnit & 1023) << 10) | trailSurrogate & 1023;
					}
					HEAP32[outPtr >> 2] = codeUnit;
					outPtr += 4;
					if (outPtr + 4 > endPtr) break;
				}
				HEAP32[outPtr >> 2] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF32 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) ++i;
					len += 4;
				}
				return len;
			};
			var __embind_register_std_wstring = (rawType, charSize, name) => {
				name = readLatin1String(name);
				var decodeString, encodeString, readCharAt, lengthBytesUTF;
				if (charSize === 2) {
					decodeString = UTF16ToString;
					encodeString = stringToUTF16;
					lengthBytesUTF = lengthBytesUTF16;
					readCharAt = (pointer) => HEAPU16[pointer >> 1];
				} else if (charSize === 4) {
					decodeString = UTF32ToString;
					encodeString = stringToUTF32;
					lengthBytesUTF = lengthBytesUTF32;
					readCharAt = (pointer) => HEAPU32[pointer >> 2];
				}
				registerType(rawType, {
					name,
					fromWireType: (value) => {
						var length = HEAPU32[value >> 2];
						var str;
						var decodeStartPtr = value + 4;
						for (var i = 0; i <= length; ++i) {
							var currentBytePtr = value + 4 + i * charSize;
							if (i == length || readCharAt(currentBytePtr) == 0) {
								var maxReadBytes = currentBytePtr - decodeStartPtr;
								var stringSegment = decodeString(decodeStartPtr, maxReadBytes);
								if (str === void 0) str = stringSegment;
								else {
									str += String.fromCharCode(0);
									str += stringSegment;
								}
								decodeStartPtr = currentBytePtr + charSize;
							}
						}
						_free(value);
						return str;
					},
					toWireType: (destructors, value) => {
						if (!(typeof value == "string")) throwBindingError(`Cannot pass non-string to C++ string type ${name}`);
						var length = lengthBytesUTF(value);
						var ptr = _malloc(4 + length + charSize);
						HEAPU32[ptr >> 2] = length / charSize;
						encodeString(value, ptr + 4, length + charSize);
						if (destructors !== null) destructors.push(_free, ptr);
						return ptr;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var __embind_register_value_object = (rawType, name, constructorSignature, rawConstructor, destructorSignature, rawDestructor) => {
				structRegistrations[rawType] = {
					name: readLatin1String(name),
					rawConstructor: embind__requireFunction(constructorSignature, rawConstructor),
					rawDestructor: embind__requireFunction(destructorSignature, rawDestructor),
					fields: []
				};
			};
			var __embind_register_value_object_field = (structType, fieldName, getterReturnType, getterSignature, getter, getterContext, setterArgumentType, setterSignature, setter, setterContext) => {
				structRegistrations[structType].fields.push({
					fieldName: readLatin1String(fieldName),
					getterReturnType,
					getter: embind__requireFunction(getterSignature, getter),
					getterContext,
					setterArgumentType,
					setter: embind__requireFunction(setterSignature, setter),
					setterContext
				});
			};
			var __embind_register_void = (rawType, name) => {
				name = readLatin1String(name);
				registerType(rawType, {
					isVoid: true,
					name,
					argPackAdvance: 0,
					fromWireType: () => void 0,
					toWireType: (destructors, o) => void 0
				});
			};
			var __emscripten_memcpy_js = (dest, src, num) => HEAPU8.copyWithin(dest, src, src + num);
			var __emscripten_throw_longjmp = () => {
				throw Infinity;
			};
			var emval_methodCallers = [];
			var __emval_call = (caller, handle, destructorsRef, args) => {
				caller = emval_methodCallers[caller];
				handle = Emval.toValue(handle);
				return caller(null, handle, destructorsRef, args);
			};
			var emval_symbols = {};
			var getStringOrSymbol = (address) => {
				var symbol = emval_symbols[address];
				if (symbol === void 0) return readLatin1String(address);
				return symbol;
			};
			var emval_get_global = () => {
				if (typeof globalThis == "object") return globalThis;
				function testGlobal(obj) {
					obj["$$$embind_global$$$"] = obj;
					var success = typeof $$$embind_global$$$ == "object" && obj["$$$embind_global$$$"] == obj;
					if (!success) delete obj["$$$embind_global$$$"];
					return success;
				}
				if (typeof $$$embind_global$$$ == "object") return $$$embind_global$$$;
				if (typeof global == "object" && testGlobal(global)) $$$embind_global$$$ = global;
				else if (typeof self == "object" && testGlobal(self)) $$$embind_global$$$ = self;
				if (typeof $$$embind_global$$$ == "object") return $$$embind_global$$$;
				throw Error("unable to get global object.");
			};
			var __emval_get_global = (name) => {
				if (name === 0) return Emval.toHandle(emval_get_global());
				else {
					name = getStringOrSymbol(name);
					return Emval.toHandle(emval_get_global()[name]);
				}
			};
			var emval_addMethodCaller = (caller) => {
				var id = emval_methodCallers.length;
				emval_methodCallers.push(caller);
				return id;
			};
			var requireRegisteredType = (rawType, humanName) => {
				var impl = registeredTypes[rawType];
				if (void 0 === impl) throwBindingError(`${humanName} has unknown type ${getTypeName(rawType)}`);
				return impl;
			};
			var emval_lookupTypes = (argCount, argTypes) => {
				var a = new Array(argCount);
				for (var i = 0; i < argCount; ++i) a[i] = requireRegisteredType(HEAPU32[argTypes + i * 4 >> 2], "parameter " + i);
				return a;
			};
			var reflectConstruct = Reflect.construct;
			var emval_returnValue = (returnType, destructorsRef, handle) => {
				var destructors = [];
				var result = returnType["toWireType"](destructors, handle);
				if (destructors.length) HEAPU32[destructorsRef >> 2] = Emval.toHandle(destructors);
				return result;
			};
			var __emval_get_method_caller = (argCount, argTypes, kind) => {
				var types = emval_lookupTypes(argCount, argTypes);
				var retType = types.shift();
				argCount--;
				var argN = new Array(argCount);
				var invokerFunction = (obj, func, destructorsRef, args) => {
					var offset = 0;
					for (var i = 0; i < argCount; ++i) {
						argN[i] = types[i]["readValueFromPointer"](args + offset);
						offset += types[i].argPackAdvance;
					}
					return emval_returnValue(retType, destructorsRef, kind === 1 ? reflectConstruct(func, argN) : func.apply(obj, argN));
				};
				return emval_addMethodCaller(createNamedFunction(`methodCaller<(${types.map((t) => t.name).join(", ")}) => ${retType.name}>`, invokerFunction));
			};
			var __emval_run_destructors = (handle) => {
				runDestructors(Emval.toValue(handle));
				__emval_decref(handle);
			};
			var __emval_take_value = (type, arg) => {
				type = requireRegisteredType(type, "_emval_take_value");
				var v = type["readValueFromPointer"](arg);
				return Emval.toHandle(v);
			};
			var getHeapMax = () => 2147483648;
			var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
			var growMemory = (size) => {
				var pages = (size - wasmMemory.buffer.byteLength + 65535) / 65536 | 0;
				try {
					wasmMemory.grow(pages);
					updateMemoryViews();
					return 1;
				} catch (e) {}
			};
			var _emscripten_resize_heap = (requestedSize) => {
				var oldSize = HEAPU8.length;
				requestedSize >>>= 0;
				var maxHeapSize = getHeapMax();
				if (requestedSize > maxHeapSize) return false;
				for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
					var overGrownHeapSize = oldSize * (1 + .2 / cutDown);
					overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
					if (growMemory(Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536)))) return true;
				}
				return false;
			};
			var ENV = {};
			var getExecutableName = () => thisProgram || "./this.program";
			var getEnvStrings = () => {
				if (!getEnvStrings.strings) {
					var env = {
						USER: "web_user",
						LOGNAME: "web_user",
						PATH: "/",
						PWD: "/",
						HOME: "/home/web_user",
						LANG: (typeof navigator == "object" && navigator.languages && navigator.languages[0] || "C").replace("-", "_") + ".UTF-8",
						_: getExecutableName()
					};
					for (var x in ENV) if (ENV[x] === void 0) delete env[x];
					else env[x] = ENV[x];
					var strings = [];
					for (var x in env) strings.push(`${x}=${env[x]}`);
					getEnvStrings.strings = strings;
				}
				return getEnvStrings.strings;
			};
			var stringToAscii = (str, buffer) => {
				for (var i = 0; i < str.length; ++i) HEAP8[buffer++] = str.charCodeAt(i);
				HEAP8[buffer] = 0;
			};
			var _environ_get = (__environ, environ_buf) => {
				var bufSize = 0;
				getEnvStrings().forEach((string, i) => {
					var ptr = environ_buf + bufSize;
					HEAPU32[__environ + i * 4 >> 2] = ptr;
					stringToAscii(string, ptr);
					bufSize += string.length + 1;
				});
				return 0;
			};
			var _environ_sizes_get = (penviron_count, penviron_buf_size) => {
				var strings = getEnvStrings();
				HEAPU32[penviron_count >> 2] = strings.length;
				var bufSize = 0;
				strings.forEach((string) => bufSize += string.length + 1);
				HEAPU32[penviron_buf_size >> 2] = bufSize;
				return 0;
			};
			var runtimeKeepaliveCounter = 0;
			var keepRuntimeAlive = () => noExitRuntime || runtimeKeepaliveCounter > 0;
			var _proc_exit = (code) => {
				if (!keepRuntimeAlive()) {
					Module["onExit"]?.(code);
					ABORT = true;
				}
				quit_(code, new ExitStatus(code));
			};
			var exitJS = (status, implicit) => {
				_proc_exit(status);
			};
			var _exit = exitJS;
			var _fd_close = (fd) => 52;
			var convertI32PairToI53Checked = (lo, hi) => hi + 2097152 >>> 0 < 4194305 - !!lo ? (lo >>> 0) + hi * 4294967296 : NaN;
			function _fd_seek(fd, offset_low, offset_high, whence, newOffset) {
				convertI32PairToI53Checked(offset_low, offset_high);
				return 70;
			}
			var printCharBuffers = [
				null,
				[],
				[]
			];
			var printChar = (stream, curr) => {
				var buffer = printCharBuffers[stream];
				if (curr === 0 || curr === 10) {
					(stream === 1 ? out : err)(UTF8ArrayToString(buffer));
					buffer.length = 0;
				} else buffer.push(curr);
			};
			var _fd_write = (fd, iov, iovcnt, pnum) => {
				var num = 0;
				for (var i = 0; i < iovcnt; i++) {
					var ptr = HEAPU32[iov >> 2];
					var len = HEAPU32[iov + 4 >> 2];
					iov += 8;
					for (var j = 0; j < len; j++) printChar(fd, HEAPU8[ptr + j]);
					num += len;
				}
				HEAPU32[pnum >> 2] = num;
				return 0;
			};
			var getCFunc = (ident) => {
				return Module["_" + ident];
			};
			var writeArrayToMemory = (array, buffer) => {
				HEAP8.set(array, buffer);
			};
			var stackAlloc = (sz) => __emscripten_stack_alloc(sz);
			var stringToUTF8OnStack = (str) => {
				var size = lengthBytesUTF8(str) + 1;
				var ret = stackAlloc(size);
				stringToUTF8(str, ret, size);
				return ret;
			};
			var ccall = (ident, returnType, argTypes, args, opts) => {
				var toC = {
					string: (str) => {
						var ret = 0;
						if (str !== null && str !== void 0 && str !== 0) ret = stringToUTF8OnStack(str);
						return ret;
					},
					array: (arr) => {
						var ret = stackAlloc(arr.length);
						writeArrayToMemory(arr, ret);
						return ret;
					}
				};
				function convertReturnValue(ret) {
					if (returnType === "string") return UTF8ToString(ret);
					if (returnType === "boolean") return Boolean(ret);
					return ret;
				}
				var func = getCFunc(ident);
				var cArgs = [];
				var stack = 0;
				if (args) for (var i = 0; i < args.length; i++) {
					var converter = toC[argTypes[i]];
					if (converter) {
						if (stack === 0) stack = stackSave();
						cArgs[i] = converter(args[i]);
					} else cArgs[i] = args[i];
				}
				var ret = func(...cArgs);
				function onDone(ret) {
					if (stack !== 0) stackRestore(stack);
					return convertReturnValue(ret);
				}
				ret = onDone(ret);
				return ret;
			};
			InternalError = Module["InternalError"] = class InternalError extends Error {
				constructor(message) {
					super(message);
					this.name = "InternalError";
				}
			};
			embind_init_charCodes();
			BindingError = Module["BindingError"] = class BindingError extends Error {
				constructor(message) {
					super(message);
					this.name = "BindingError";
				}
			};
			init_ClassHandle();
			init_RegisteredPointer();
			UnboundTypeError = Module["UnboundTypeError"] = extendError(Error, "UnboundTypeError");
			init_emval();
			var wasmImports = {
				e: ___cxa_throw,
				t: __abort_js,
				q: __embind_finalize_value_object,
				s: __embind_register_bigint,
				F: __embind_register_bool,
				p: __embind_register_class,
				o: __embind_register_class_constructor,
				c: __embind_register_class_function,
				D: __embind_register_emval,
				l: __embind_register_float,
				b: __embind_register_integer,
				a: __embind_register_memory_view,
				E: __embind_register_std_string,
				h: __embind_register_std_wstring,
				C: __embind_register_value_object,
				d: __embind_register_value_object_field,
				G: __embind_register_void,
				z: __emscripten_memcpy_js,
				u: __emscripten_throw_longjmp,
				I: __emval_call,
				J: __emval_decref,
				K: __emval_get_global,
				m: __emval_get_method_caller,
				H: __emval_run_destructors,
				n: __emval_take_value,
				v: _emscripten_resize_heap,
				w: _environ_get,
				x: _environ_sizes_get,
				B: _exit,
				y: _fd_close,
				r: _fd_seek,
				i: _fd_write,
				k: invoke_ii,
				j: invoke_iii,
				A: invoke_iiii,
				g: invoke_vi,
				f: invoke_viii
			};
			var wasmExports;
			createWasm();
			var ___getTypeName = (a0) => (___getTypeName = wasmExports["N"])(a0);
			var _malloc = (a0) => (_malloc = wasmExports["P"])(a0);
			var _free = (a0) => (_free = wasmExports["Q"])(a0);
			var _setThrew = (a0, a1) => (_setThrew = wasmExports["R"])(a0, a1);
			var __emscripten_stack_restore = (a0) => (__emscripten_stack_restore = wasmExports["S"])(a0);
			var __emscripten_stack_alloc = (a0) => (__emscripten_stack_alloc = wasmExports["T"])(a0);
			var _emscripten_stack_get_current = () => (_emscripten_stack_get_current = wasmExports["U"])();
			var dynCall_jiji = Module["dynCall_jiji"] = (a0, a1, a2, a3, a4) => (dynCall_jiji = Module["dynCall_jiji"] = wasmExports["V"])(a0, a1, a2, a3, a4);
			function invoke_vi(index, a1) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_ii(index, a1) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)(a1);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_viii(index, a1, a2, a3) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1, a2, a3);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_iiii(index, a1, a2, a3) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)(a1, a2, a3);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_iii(index, a1, a2) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)(a1, a2);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			Module["ccall"] = ccall;
			var calledRun;
			dependenciesFulfilled = function runCaller() {
				if (!calledRun) run();
				if (!calledRun) dependenciesFulfilled = runCaller;
			};
			function run() {
				if (runDependencies > 0) return;
				preRun();
				if (runDependencies > 0) return;
				function doRun() {
					if (calledRun) return;
					calledRun = true;
					Module["calledRun"] = true;
					if (ABORT) return;
					initRuntime();
					readyPromiseResolve(Module);
					Module["onRuntimeInitialized"]?.();
					postRun();
				}
				if (Module["setStatus"]) {
					Module["setStatus"]("Running...");
					setTimeout(() => {
						setTimeout(() => Module["setStatus"](""), 1);
						doRun();
					}, 1);
				} else doRun();
			}
			if (Module["preInit"]) {
				if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
				while (Module["preInit"].length > 0) Module["preInit"].pop()();
			}
			run();
			moduleRtn = readyPromise;
			return moduleRtn;
		});
	})();
	if (typeof exports === "object" && typeof module === "object") {
		module.exports = libjpegturbowasm_decode;
		module.exports.default = libjpegturbowasm_decode;
	} else if (typeof define === "function" && define["amd"]) define([], () => libjpegturbowasm_decode);
})))());
function isSignedPixelData(frameInfo) {
	return (frameInfo?.isSigned === true || frameInfo?.isSigned === 1) && frameInfo.componentCount === 1;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/getPixelData.js
function getPixelData(frameInfo, decodedBuffer, signedOverride) {
	const signed = isSignedPixelData({
		isSigned: signedOverride ?? frameInfo?.isSigned,
		componentCount: frameInfo?.componentCount
	});
	if (frameInfo?.bitsPerSample > 8) {
		if (signed) return new Int16Array(decodedBuffer.buffer, decodedBuffer.byteOffset, decodedBuffer.byteLength / 2);
		return new Uint16Array(decodedBuffer.buffer, decodedBuffer.byteOffset, decodedBuffer.byteLength / 2);
	}
	if (signed) return new Int8Array(decodedBuffer.buffer, decodedBuffer.byteOffset, decodedBuffer.byteLength);
	return new Uint8Array(decodedBuffer.buffer, decodedBuffer.byteOffset, decodedBuffer.byteLength);
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/wasmBasePath.js
let wasmBasePath;
function setWasmBasePath(basePath) {
	wasmBasePath = basePath || void 0;
}
function setWasmBasePathFromConfig(decodeConfig) {
	if (decodeConfig?.wasmBasePath !== void 0) setWasmBasePath(decodeConfig.wasmBasePath);
}
function resolveWasmUrl(fileName, defaultUrl) {
	if (!wasmBasePath) return defaultUrl.toString();
	const path = `${wasmBasePath.endsWith("/") ? wasmBasePath : `${wasmBasePath}/`}${fileName}`;
	const href = typeof self !== "undefined" ? self.location?.href : void 0;
	if (!href) return path;
	try {
		return new URL(path, href).toString();
	} catch {
		return path;
	}
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeJPEGBaseline8Bit.js
const libjpegTurboWasm = new URL("/static/viewer3d/assets/libjpegturbowasm_decode-B4UEe-KN.wasm", "" + import.meta.url);
const local$6 = {
	codec: void 0,
	decoder: void 0
};
function initLibjpegTurbo(decodeConfig) {
	setWasmBasePathFromConfig(decodeConfig);
	if (local$6.codec) return Promise.resolve();
	const libjpegTurboModule = (0, import_libjpegturbowasm_decode.default)({ locateFile: (f) => {
		if (f.endsWith(".wasm")) return resolveWasmUrl("libjpegturbowasm_decode.wasm", libjpegTurboWasm);
		return f;
	} });
	return new Promise((resolve, reject) => {
		libjpegTurboModule.then((instance) => {
			local$6.codec = instance;
			local$6.decoder = new instance.JPEGDecoder();
			resolve();
		}, reject);
	});
}
async function decodeAsync$4(compressedImageFrame, imageInfo) {
	await initLibjpegTurbo();
	const decoder = local$6.decoder;
	decoder.getEncodedBuffer(compressedImageFrame.length).set(compressedImageFrame);
	decoder.decode();
	const frameInfo = decoder.getFrameInfo();
	const decodedPixelsInWASM = decoder.getDecodedBuffer();
	const encodedImageInfo = {
		columns: frameInfo.width,
		rows: frameInfo.height,
		bitsPerPixel: frameInfo.bitsPerSample,
		signed: imageInfo.signed,
		bytesPerPixel: imageInfo.bytesPerPixel,
		componentsPerPixel: frameInfo.componentCount
	};
	const pixelData = getPixelData(frameInfo, decodedPixelsInWASM);
	const encodeOptions = { frameInfo };
	return {
		...imageInfo,
		pixelData,
		imageInfo: encodedImageInfo,
		encodeOptions,
		...encodeOptions,
		...encodedImageInfo
	};
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeJPEGBaseline12Bit-js.js
const local$5 = {
	JpegImage: void 0,
	decodeConfig: {}
};
function initialize$5(decodeConfig) {
	local$5.decodeConfig = decodeConfig;
	if (local$5.JpegImage) return Promise.resolve();
	return new Promise((resolve, reject) => {
		import("./jpeg-CiP8YZEb.js").then((module) => {
			local$5.JpegImage = module.default;
			resolve();
		}).catch(reject);
	});
}
async function decodeJPEGBaseline12BitAsync(imageFrame, pixelData) {
	await initialize$5();
	if (typeof local$5.JpegImage === "undefined") throw new Error("No JPEG Baseline decoder loaded");
	const jpeg = new local$5.JpegImage();
	jpeg.parse(pixelData);
	jpeg.colorTransform = false;
	if (imageFrame.bitsAllocated === 8) {
		imageFrame.pixelData = jpeg.getData(imageFrame.columns, imageFrame.rows);
		return imageFrame;
	} else if (imageFrame.bitsAllocated === 16) {
		imageFrame.pixelData = jpeg.getData16(imageFrame.columns, imageFrame.rows);
		return imageFrame;
	}
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeJPEGLossless.js
const local$4 = {
	DecoderClass: void 0,
	decodeConfig: {}
};
function initialize$4(decodeConfig) {
	local$4.decodeConfig = decodeConfig;
	if (local$4.DecoderClass) return Promise.resolve();
	return new Promise((resolve, reject) => {
		import("./lossless-mTDmvZ-O.js").then(({ Decoder }) => {
			local$4.DecoderClass = Decoder;
			resolve();
		}, reject);
	});
}
async function decodeJPEGLossless(imageFrame, pixelData) {
	await initialize$4();
	if (typeof local$4.DecoderClass === "undefined") throw new Error("No JPEG Lossless decoder loaded");
	const decoder = new local$4.DecoderClass();
	const byteOutput = imageFrame.bitsAllocated <= 8 ? 1 : 2;
	const buffer = pixelData.buffer;
	const decompressedData = decoder.decode(buffer, pixelData.byteOffset, pixelData.length, byteOutput);
	imageFrame.planarConfiguration = 0;
	if (imageFrame.pixelRepresentation === 0) {
		if (imageFrame.bitsAllocated === 16) {
			imageFrame.pixelData = new Uint16Array(decompressedData.buffer);
			return imageFrame;
		}
		imageFrame.pixelData = new Uint8Array(decompressedData.buffer);
		return imageFrame;
	}
	imageFrame.pixelData = new Int16Array(decompressedData.buffer);
	return imageFrame;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeJPEGLS.js
var import_charlswasm_decode = /* @__PURE__ */ __toESM((/* @__PURE__ */ __commonJSMin(((exports, module) => {
	var CharLSWASM = (() => {
		var _scriptName = typeof document != "undefined" ? document.currentScript?.src : void 0;
		if (typeof __filename != "undefined") _scriptName = _scriptName || __filename;
		return (function(moduleArg = {}) {
			var moduleRtn;
			var Module = moduleArg;
			var readyPromiseResolve, readyPromiseReject;
			var readyPromise = new Promise((resolve, reject) => {
				readyPromiseResolve = resolve;
				readyPromiseReject = reject;
			});
			var ENVIRONMENT_IS_WEB = typeof window == "object";
			var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
			var ENVIRONMENT_IS_NODE = typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type != "renderer";
			if (ENVIRONMENT_IS_NODE) {}
			var moduleOverrides = Object.assign({}, Module);
			var scriptDirectory = "";
			function locateFile(path) {
				if (Module["locateFile"]) return Module["locateFile"](path, scriptDirectory);
				return scriptDirectory + path;
			}
			var readAsync, readBinary;
			if (ENVIRONMENT_IS_NODE) {
				var fs = require___vite_browser_external();
				require___vite_browser_external();
				scriptDirectory = __dirname + "/";
				readBinary = (filename) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename);
				};
				readAsync = async (filename, binary = true) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename, binary ? void 0 : "utf8");
				};
				if (!Module["thisProgram"] && process.argv.length > 1) process.argv[1].replace(/\\/g, "/");
				process.argv.slice(2);
			} else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
				if (ENVIRONMENT_IS_WORKER) scriptDirectory = self.location.href;
				else if (typeof document != "undefined" && document.currentScript) scriptDirectory = document.currentScript.src;
				if (_scriptName) scriptDirectory = _scriptName;
				if (scriptDirectory.startsWith("blob:")) scriptDirectory = "";
				else scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
				if (ENVIRONMENT_IS_WORKER) readBinary = (url) => {
					var xhr = new XMLHttpRequest();
					xhr.open("GET", url, false);
					xhr.responseType = "arraybuffer";
					xhr.send(null);
					return new Uint8Array(xhr.response);
				};
				readAsync = async (url) => {
					if (isFileURI(url)) return new Promise((resolve, reject) => {
						var xhr = new XMLHttpRequest();
						xhr.open("GET", url, true);
						xhr.responseType = "arraybuffer";
						xhr.onload = () => {
							if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
								resolve(xhr.response);
								return;
							}
							reject(xhr.status);
						};
						xhr.onerror = reject;
						xhr.send(null);
					});
					var response = await fetch(url, { credentials: "same-origin" });
					if (response.ok) return response.arrayBuffer();
					throw new Error(response.status + " : " + response.url);
				};
			}
			Module["print"] || console.log.bind(console);
			var err = Module["printErr"] || console.error.bind(console);
			Object.assign(Module, moduleOverrides);
			moduleOverrides = null;
			if (Module["arguments"]) Module["arguments"];
			if (Module["thisProgram"]) Module["thisProgram"];
			var wasmBinary = Module["wasmBinary"];
			var wasmMemory;
			var ABORT = false;
			var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
			function updateMemoryViews() {
				var b = wasmMemory.buffer;
				Module["HEAP8"] = HEAP8 = new Int8Array(b);
				Module["HEAP16"] = HEAP16 = new Int16Array(b);
				Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
				Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
				Module["HEAP32"] = HEAP32 = new Int32Array(b);
				Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
				Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
				Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
			}
			var __ATPRERUN__ = [];
			var __ATINIT__ = [];
			var __ATPOSTRUN__ = [];
			function preRun() {
				if (Module["preRun"]) {
					if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
					while (Module["preRun"].length) addOnPreRun(Module["preRun"].shift());
				}
				callRuntimeCallbacks(__ATPRERUN__);
			}
			function initRuntime() {
				callRuntimeCallbacks(__ATINIT__);
			}
			function postRun() {
				if (Module["postRun"]) {
					if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
					while (Module["postRun"].length) addOnPostRun(Module["postRun"].shift());
				}
				callRuntimeCallbacks(__ATPOSTRUN__);
			}
			function addOnPreRun(cb) {
				__ATPRERUN__.unshift(cb);
			}
			function addOnInit(cb) {
				__ATINIT__.unshift(cb);
			}
			function addOnPostRun(cb) {
				__ATPOSTRUN__.unshift(cb);
			}
			var runDependencies = 0;
			var dependenciesFulfilled = null;
			function addRunDependency(id) {
				runDependencies++;
				Module["monitorRunDependencies"]?.(runDependencies);
			}
			function removeRunDependency(id) {
				runDependencies--;
				Module["monitorRunDependencies"]?.(runDependencies);
				if (runDependencies == 0) {
					if (dependenciesFulfilled) {
						var callback = dependenciesFulfilled;
						dependenciesFulfilled = null;
						callback();
					}
				}
			}
			function abort(what) {
				Module["onAbort"]?.(what);
				what = "Aborted(" + what + ")";
				err(what);
				ABORT = true;
				what += ". Build with -sASSERTIONS for more info.";
				var e = new WebAssembly.RuntimeError(what);
				readyPromiseReject(e);
				throw e;
			}
			var dataURIPrefix = "data:application/octet-stream;base64,";
			var isDataURI = (filename) => filename.startsWith(dataURIPrefix);
			var isFileURI = (filename) => filename.startsWith("file://");
			function findWasmBinary() {
				var f = "charlswasm_decode.wasm";
				if (!isDataURI(f)) return locateFile(f);
				return f;
			}
			var wasmBinaryFile;
			function getBinarySync(file) {
				if (file == wasmBinaryFile && wasmBinary) return new Uint8Array(wasmBinary);
				if (readBinary) return readBinary(file);
				throw "both async and sync fetching of the wasm failed";
			}
			async function getWasmBinary(binaryFile) {
				if (!wasmBinary) try {
					var response = await readAsync(binaryFile);
					return new Uint8Array(response);
				} catch {}
				return getBinarySync(binaryFile);
			}
			async function instantiateArrayBuffer(binaryFile, imports) {
				try {
					var binary = await getWasmBinary(binaryFile);
					return await WebAssembly.instantiate(binary, imports);
				} catch (reason) {
					err(`failed to asynchronously prepare wasm: ${reason}`);
					abort(reason);
				}
			}
			async function instantiateAsync(binary, binaryFile, imports) {
				if (!binary && typeof WebAssembly.instantiateStreaming == "function" && !isDataURI(binaryFile) && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE && typeof fetch == "function") try {
					var response = fetch(binaryFile, { credentials: "same-origin" });
					return await WebAssembly.instantiateStreaming(response, imports);
				} catch (reason) {
					err(`wasm streaming compile failed: ${reason}`);
					err("falling back to ArrayBuffer instantiation");
				}
				return instantiateArrayBuffer(binaryFile, imports);
			}
			function getWasmImports() {
				return { a: wasmImports };
			}
			async function createWasm() {
				function receiveInstance(instance, module) {
					wasmExports = instance.exports;
					wasmMemory = wasmExports["A"];
					updateMemoryViews();
					wasmTable = wasmExports["D"];
					addOnInit(wasmExports["B"]);
					removeRunDependency("wasm-instantiate");
					return wasmExports;
				}
				addRunDependency("wasm-instantiate");
				function receiveInstantiationResult(result) {
					receiveInstance(result["instance"]);
				}
				var info = getWasmImports();
				if (Module["instantiateWasm"]) try {
					return Module["instantiateWasm"](info, receiveInstance);
				} catch (e) {
					err(`Module.instantiateWasm callback failed with error: ${e}`);
					readyPromiseReject(e);
				}
				wasmBinaryFile ??= findWasmBinary();
				try {
					var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
					receiveInstantiationResult(result);
					return result;
				} catch (e) {
					readyPromiseReject(e);
					return;
				}
			}
			var callRuntimeCallbacks = (callbacks) => {
				while (callbacks.length > 0) callbacks.shift()(Module);
			};
			Module["noExitRuntime"];
			var stackRestore = (val) => __emscripten_stack_restore(val);
			var stackSave = () => _emscripten_stack_get_current();
			class ExceptionInfo {
				constructor(excPtr) {
					this.excPtr = excPtr;
					this.ptr = excPtr - 24;
				}
				set_type(type) {
					HEAPU32[this.ptr + 4 >> 2] = type;
				}
				get_type() {
					return HEAPU32[this.ptr + 4 >> 2];
				}
				set_destructor(destructor) {
					HEAPU32[this.ptr + 8 >> 2] = destructor;
				}
				get_destructor() {
					return HEAPU32[this.ptr + 8 >> 2];
				}
				set_caught(caught) {
					caught = caught ? 1 : 0;
					HEAP8[this.ptr + 12] = caught;
				}
				get_caught() {
					return HEAP8[this.ptr + 12] != 0;
				}
				set_rethrown(rethrown) {
					rethrown = rethrown ? 1 : 0;
					HEAP8[this.ptr + 13] = rethrown;
				}
				get_rethrown() {
					return HEAP8[this.ptr + 13] != 0;
				}
				init(type, destructor) {
					this.set_adjusted_ptr(0);
					this.set_type(type);
					this.set_destructor(destructor);
				}
				set_adjusted_ptr(adjustedPtr) {
					HEAPU32[this.ptr + 16 >> 2] = adjustedPtr;
				}
				get_adjusted_ptr() {
					return HEAPU32[this.ptr + 16 >> 2];
				}
			}
			var exceptionLast = 0;
			var uncaughtExceptionCount = 0;
			var ___cxa_throw = (ptr, type, destructor) => {
				new ExceptionInfo(ptr).init(type, destructor);
				exceptionLast = ptr;
				uncaughtExceptionCount++;
				throw exceptionLast;
			};
			var __abort_js = () => abort("");
			var structRegistrations = {};
			var runDestructors = (destructors) => {
				while (destructors.length) {
					var ptr = destructors.pop();
					destructors.pop()(ptr);
				}
			};
			function readPointer(pointer) {
				return this["fromWireType"](HEAPU32[pointer >> 2]);
			}
			var awaitingDependencies = {};
			var registeredTypes = {};
			var typeDependencies = {};
			var InternalError;
			var throwInternalError = (message) => {
				throw new InternalError(message);
			};
			var whenDependentTypesAreResolved = (myTypes, dependentTypes, getTypeConverters) => {
				myTypes.forEach((type) => typeDependencies[type] = dependentTypes);
				function onComplete(typeConverters) {
					var myTypeConverters = getTypeConverters(typeConverters);
					if (myTypeConverters.length !== myTypes.length) throwInternalError("Mismatched type converter count");
					for (var i = 0; i < myTypes.length; ++i) registerType(myTypes[i], myTypeConverters[i]);
				}
				var typeConverters = new Array(dependentTypes.length);
				var unregisteredTypes = [];
				var registered = 0;
				dependentTypes.forEach((dt, i) => {
					if (registeredTypes.hasOwnProperty(dt)) typeConverters[i] = registeredTypes[dt];
					else {
						unregisteredTypes.push(dt);
						if (!awaitingDependencies.hasOwnProperty(dt)) awaitingDependencies[dt] = [];
						awaitingDependencies[dt].push(() => {
							typeConverters[i] = registeredTypes[dt];
							++registered;
							if (registered === unregisteredTypes.length) onComplete(typeConverters);
						});
					}
				});
				if (0 === unregisteredTypes.length) onComplete(typeConverters);
			};
			var __embind_finalize_value_object = (structType) => {
				var reg = structRegistrations[structType];
				delete structRegistrations[structType];
				var rawConstructor = reg.rawConstructor;
				var rawDestructor = reg.rawDestructor;
				var fieldRecords = reg.fields;
				var fieldTypes = fieldRecords.map((field) => field.getterReturnType).concat(fieldRecords.map((field) => field.setterArgumentType));
				whenDependentTypesAreResolved([structType], fieldTypes, (fieldTypes) => {
					var fields = {};
					fieldRecords.forEach((field, i) => {
						var fieldName = field.fieldName;
						var getterReturnType = fieldTypes[i];
						var getter = field.getter;
						var getterContext = field.getterContext;
						var setterArgumentType = fieldTypes[i + fieldRecords.length];
						var setter = field.setter;
						var setterContext = field.setterContext;
						fields[fieldName] = {
							read: (ptr) => getterReturnType["fromWireType"](getter(getterContext, ptr)),
							write: (ptr, o) => {
								var destructors = [];
								setter(setterContext, ptr, setterArgumentType["toWireType"](destructors, o));
								runDestructors(destructors);
							}
						};
					});
					return [{
						name: reg.name,
						fromWireType: (ptr) => {
							var rv = {};
							for (var i in fields) rv[i] = fields[i].read(ptr);
							rawDestructor(ptr);
							return rv;
						},
						toWireType: (destructors, o) => {
							for (var fieldName in fields) if (!(fieldName in o)) throw new TypeError(`Missing field: "${fieldName}"`);
							var ptr = rawConstructor();
							for (fieldName in fields) fields[fieldName].write(ptr, o[fieldName]);
							if (destructors !== null) destructors.push(rawDestructor, ptr);
							return ptr;
						},
						argPackAdvance: GenericWireTypeSize,
						readValueFromPointer: readPointer,
						destructorFunction: rawDestructor
					}];
				});
			};
			var __embind_register_bigint = (primitiveType, name, size, minRange, maxRange) => {};
			var embind_init_charCodes = () => {
				var codes = new Array(256);
				for (var i = 0; i < 256; ++i) codes[i] = String.fromCharCode(i);
				embind_charCodes = codes;
			};
			var embind_charCodes;
			var readLatin1String = (ptr) => {
				var ret = "";
				var c = ptr;
				while (HEAPU8[c]) ret += embind_charCodes[HEAPU8[c++]];
				return ret;
			};
			var BindingError;
			var throwBindingError = (message) => {
				throw new BindingError(message);
			};
			function sharedRegisterType(rawType, registeredInstance, options = {}) {
				var name = registeredInstance.name;
				if (!rawType) throwBindingError(`type "${name}" must have a positive integer typeid pointer`);
				if (registeredTypes.hasOwnProperty(rawType)) {
					if (options.ignoreDuplicateRegistrations) return;
					else throwBindingError(`Cannot register type '${name}' twice`);
				}
				registeredTypes[rawType] = registeredInstance;
				delete typeDependencies[rawType];
				if (awaitingDependencies.hasOwnProperty(rawType)) {
					var callbacks = awaitingDependencies[rawType];
					delete awaitingDependencies[rawType];
					callbacks.forEach((cb) => cb());
				}
			}
			function registerType(rawType, registeredInstance, options = {}) {
				return sharedRegisterType(rawType, registeredInstance, options);
			}
			var GenericWireTypeSize = 8;
			var __embind_register_bool = (rawType, name, trueValue, falseValue) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: function(wt) {
						return !!wt;
					},
					toWireType: function(destructors, o) {
						return o ? trueValue : falseValue;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: function(pointer) {
						return this["fromWireType"](HEAPU8[pointer]);
					},
					destructorFunction: null
				});
			};
			var shallowCopyInternalPointer = (o) => ({
				count: o.count,
				deleteScheduled: o.deleteScheduled,
				preservePointerOnDelete: o.preservePointerOnDelete,
				ptr: o.ptr,
				ptrType: o.ptrType,
				smartPtr: o.smartPtr,
				smartPtrType: o.smartPtrType
			});
			var throwInstanceAlreadyDeleted = (obj) => {
				function getInstanceTypeName(handle) {
					return handle.$$.ptrType.registeredClass.name;
				}
				throwBindingError(getInstanceTypeName(obj) + " instance already deleted");
			};
			var finalizationRegistry = false;
			var detachFinalizer = (handle) => {};
			var runDestructor = ($$) => {
				if ($$.smartPtr) $$.smartPtrType.rawDestructor($$.smartPtr);
				else $$.ptrType.registeredClass.rawDestructor($$.ptr);
			};
			var releaseClassHandle = ($$) => {
				$$.count.value -= 1;
				if (0 === $$.count.value) runDestructor($$);
			};
			var downcastPointer = (ptr, ptrClass, desiredClass) => {
				if (ptrClass === desiredClass) return ptr;
				if (void 0 === desiredClass.baseClass) return null;
				var rv = downcastPointer(ptr, ptrClass, desiredClass.baseClass);
				if (rv === null) return null;
				return desiredClass.downcast(rv);
			};
			var registeredPointers = {};
			var registeredInstances = {};
			var getBasestPointer = (class_, ptr) => {
				if (ptr === void 0) throwBindingError("ptr should not be undefined");
				while (class_.baseClass) {
					ptr = class_.upcast(ptr);
					class_ = class_.baseClass;
				}
				return ptr;
			};
			var getInheritedInstance = (class_, ptr) => {
				ptr = getBasestPointer(class_, ptr);
				return registeredInstances[ptr];
			};
			var makeClassHandle = (prototype, record) => {
				if (!record.ptrType || !record.ptr) throwInternalError("makeClassHandle requires ptr and ptrType");
				if (!!record.smartPtrType !== !!record.smartPtr) throwInternalError("Both smartPtrType and smartPtr must be specified");
				record.count = { value: 1 };
				return attachFinalizer(Object.create(prototype, { $$: {
					value: record,
					writable: true
				} }));
			};
			function RegisteredPointer_fromWireType(ptr) {
				var rawPointer = this.getPointee(ptr);
				if (!rawPointer) {
					this.destructor(ptr);
					return null;
				}
				var registeredInstance = getInheritedInstance(this.registeredClass, rawPointer);
				if (void 0 !== registeredInstance) {
					if (0 === registeredInstance.$$.count.value) {
						registeredInstance.$$.ptr = rawPointer;
						registeredInstance.$$.smartPtr = ptr;
						return registeredInstance["clone"]();
					} else {
						var rv = registeredInstance["clone"]();
						this.destructor(ptr);
						return rv;
					}
				}
				function makeDefaultHandle() {
					if (this.isSmartPointer) return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this.pointeeType,
						ptr: rawPointer,
						smartPtrType: this,
						smartPtr: ptr
					});
					else return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this,
						ptr
					});
				}
				var registeredPointerRecord = registeredPointers[this.registeredClass.getActualType(rawPointer)];
				if (!registeredPointerRecord) return makeDefaultHandle.call(this);
				var toType;
				if (this.isConst) toType = registeredPointerRecord.constPointerType;
				else toType = registeredPointerRecord.pointerType;
				var dp = downcastPointer(rawPointer, this.registeredClass, toType.registeredClass);
				if (dp === null) return makeDefaultHandle.call(this);
				if (this.isSmartPointer) return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp,
					smartPtrType: this,
					smartPtr: ptr
				});
				else return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp
				});
			}
			var attachFinalizer = (handle) => {
				if ("undefined" === typeof FinalizationRegistry) {
					attachFinalizer = (handle) => handle;
					return handle;
				}
				finalizationRegistry = new FinalizationRegistry((info) => {
					releaseClassHandle(info.$$);
				});
				attachFinalizer = (handle) => {
					var $$ = handle.$$;
					if (!!$$.smartPtr) {
						var info = { $$ };
						finalizationRegistry.register(handle, info, handle);
					}
					return handle;
				};
				detachFinalizer = (handle) => finalizationRegistry.unregister(handle);
				return attachFinalizer(handle);
			};
			var deletionQueue = [];
			var flushPendingDeletes = () => {
				while (deletionQueue.length) {
					var obj = deletionQueue.pop();
					obj.$$.deleteScheduled = false;
					obj["delete"]();
				}
			};
			var delayFunction;
			var init_ClassHandle = () => {
				Object.assign(ClassHandle.prototype, {
					isAliasOf(other) {
						if (!(this instanceof ClassHandle)) return false;
						if (!(other instanceof ClassHandle)) return false;
						var leftClass = this.$$.ptrType.registeredClass;
						var left = this.$$.ptr;
						other.$$ = other.$$;
						var rightClass = other.$$.ptrType.registeredClass;
						var right = other.$$.ptr;
						while (leftClass.baseClass) {
							left = leftClass.upcast(left);
							leftClass = leftClass.baseClass;
						}
						while (rightClass.baseClass) {
							right = rightClass.upcast(right);
							rightClass = rightClass.baseClass;
						}
						return leftClass === rightClass && left === right;
					},
					clone() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.preservePointerOnDelete) {
							this.$$.count.value += 1;
							return this;
						} else {
							var clone = attachFinalizer(Object.create(Object.getPrototypeOf(this), { $$: { value: shallowCopyInternalPointer(this.$$) } }));
							clone.$$.count.value += 1;
							clone.$$.deleteScheduled = false;
							return clone;
						}
					},
					delete() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						detachFinalizer(this);
						releaseClassHandle(this.$$);
						if (!this.$$.preservePointerOnDelete) {
							this.$$.smartPtr = void 0;
							this.$$.ptr = void 0;
						}
					},
					isDeleted() {
						return !this.$$.ptr;
					},
					deleteLater() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						deletionQueue.push(this);
						if (deletionQueue.length === 1 && delayFunction) delayFunction(flushPendingDeletes);
						this.$$.deleteScheduled = true;
						return this;
					}
				});
			};
			function ClassHandle() {}
			var createNamedFunction = (name, body) => Object.defineProperty(body, "name", { value: name });
			var ensureOverloadTable = (proto, methodName, humanName) => {
				if (void 0 === proto[methodName].overloadTable) {
					var prevFunc = proto[methodName];
					proto[methodName] = function(...args) {
						if (!proto[methodName].overloadTable.hasOwnProperty(args.length)) throwBindingError(`Function '${humanName}' called with an invalid number of arguments (${args.length}) - expects one of (${proto[methodName].overloadTable})!`);
						return proto[methodName].overloadTable[args.length].apply(this, args);
					};
					proto[methodName].overloadTable = [];
					proto[methodName].overloadTable[prevFunc.argCount] = prevFunc;
				}
			};
			var exposePublicSymbol = (name, value, numArguments) => {
				if (Module.hasOwnProperty(name)) {
					if (void 0 === numArguments || void 0 !== Module[name].overloadTable && void 0 !== Module[name].overloadTable[numArguments]) throwBindingError(`Cannot register public name '${name}' twice`);
					ensureOverloadTable(Module, name, name);
					if (Module[name].overloadTable.hasOwnProperty(numArguments)) throwBindingError(`Cannot register multiple overloads of a function with the same number of arguments (${numArguments})!`);
					Module[name].overloadTable[numArguments] = value;
				} else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var char_0 = 48;
			var char_9 = 57;
			var makeLegalFunctionName = (name) => {
				name = name.replace(/[^a-zA-Z0-9_]/g, "$");
				var f = name.charCodeAt(0);
				if (f >= char_0 && f <= char_9) return `_${name}`;
				return name;
			};
			function RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast) {
				this.name = name;
				this.constructor = constructor;
				this.instancePrototype = instancePrototype;
				this.rawDestructor = rawDestructor;
				this.baseClass = baseClass;
				this.getActualType = getActualType;
				this.upcast = upcast;
				this.downcast = downcast;
				this.pureVirtualFunctions = [];
			}
			var upcastPointer = (ptr, ptrClass, desiredClass) => {
				while (ptrClass !== desiredClass) {
					if (!ptrClass.upcast) throwBindingError(`Expected null or instance of ${desiredClass.name}, got an instance of ${ptrClass.name}`);
					ptr = ptrClass.upcast(ptr);
					ptrClass = ptrClass.baseClass;
				}
				return ptr;
			};
			function constNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			function genericPointerToWireType(destructors, handle) {
				var ptr;
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					if (this.isSmartPointer) {
						ptr = this.rawConstructor();
						if (destructors !== null) destructors.push(this.rawDestructor, ptr);
						return ptr;
					} else return 0;
				}
				if (!handle || !handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (!this.isConst && handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				ptr = upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
				if (this.isSmartPointer) {
					if (void 0 === handle.$$.smartPtr) throwBindingError("Passing raw pointer to smart pointer is illegal");
					switch (this.sharingPolicy) {
						case 0:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
							break;
						case 1:
							ptr = handle.$$.smartPtr;
							break;
						case 2:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else {
								var clonedHandle = handle["clone"]();
								ptr = this.rawShare(ptr, Emval.toHandle(() => clonedHandle["delete"]()));
								if (destructors !== null) destructors.push(this.rawDestructor, ptr);
							}
							break;
						default: throwBindingError("Unsupporting sharing policy");
					}
				}
				return ptr;
			}
			function nonConstNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			var init_RegisteredPointer = () => {
				Object.assign(RegisteredPointer.prototype, {
					getPointee(ptr) {
						if (this.rawGetPointee) ptr = this.rawGetPointee(ptr);
						return ptr;
					},
					destructor(ptr) {
						this.rawDestructor?.(ptr);
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					fromWireType: RegisteredPointer_fromWireType
				});
			};
			function RegisteredPointer(name, registeredClass, isReference, isConst, isSmartPointer, pointeeType, sharingPolicy, rawGetPointee, rawConstructor, rawShare, rawDestructor) {
				this.name = name;
				this.registeredClass = registeredClass;
				this.isReference = isReference;
				this.isConst = isConst;
				this.isSmartPointer = isSmartPointer;
				this.pointeeType = pointeeType;
				this.sharingPolicy = sharingPolicy;
				this.rawGetPointee = rawGetPointee;
				this.rawConstructor = rawConstructor;
				this.rawShare = rawShare;
				this.rawDestructor = rawDestructor;
				if (!isSmartPointer && registeredClass.baseClass === void 0) {
					if (isConst) {
						this["toWireType"] = constNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					} else {
						this["toWireType"] = nonConstNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					}
				} else this["toWireType"] = genericPointerToWireType;
			}
			var replacePublicSymbol = (name, value, numArguments) => {
				if (!Module.hasOwnProperty(name)) throwInternalError("Replacing nonexistent public symbol");
				if (void 0 !== Module[name].overloadTable && void 0 !== numArguments) Module[name].overloadTable[numArguments] = value;
				else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var dynCallLegacy = (sig, ptr, args) => {
				sig = sig.replace(/p/g, "i");
				var f = Module["dynCall_" + sig];
				return f(ptr, ...args);
			};
			var wasmTableMirror = [];
			var wasmTable;
			var getWasmTableEntry = (funcPtr) => {
				var func = wasmTableMirror[funcPtr];
				if (!func) {
					if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
					wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
				}
				return func;
			};
			var dynCall = (sig, ptr, args = []) => {
				if (sig.includes("j")) return dynCallLegacy(sig, ptr, args);
				return getWasmTableEntry(ptr)(...args);
			};
			var getDynCaller = (sig, ptr) => (...args) => dynCall(sig, ptr, args);
			var embind__requireFunction = (signature, rawFunction) => {
				signature = readLatin1String(signature);
				function makeDynCaller() {
					if (signature.includes("j")) return getDynCaller(signature, rawFunction);
					return getWasmTableEntry(rawFunction);
				}
				var fp = makeDynCaller();
				if (typeof fp != "function") throwBindingError(`unknown function pointer with signature ${signature}: ${rawFunction}`);
				return fp;
			};
			var extendError = (baseErrorType, errorName) => {
				var errorClass = createNamedFunction(errorName, function(message) {
					this.name = errorName;
					this.message = message;
					var stack = new Error(message).stack;
					if (stack !== void 0) this.stack = this.toString() + "\n" + stack.replace(/^Error(:[^\n]*)?\n/, "");
				});
				errorClass.prototype = Object.create(baseErrorType.prototype);
				errorClass.prototype.constructor = errorClass;
				errorClass.prototype.toString = function() {
					if (this.message === void 0) return this.name;
					else return `${this.name}: ${this.message}`;
				};
				return errorClass;
			};
			var UnboundTypeError;
			var getTypeName = (type) => {
				var ptr = ___getTypeName(type);
				var rv = readLatin1String(ptr);
				_free(ptr);
				return rv;
			};
			var throwUnboundTypeError = (message, types) => {
				var unboundTypes = [];
				var seen = {};
				function visit(type) {
					if (seen[type]) return;
					if (registeredTypes[type]) return;
					if (typeDependencies[type]) {
						typeDependencies[type].forEach(visit);
						return;
					}
					unboundTypes.push(type);
					seen[type] = true;
				}
				types.forEach(visit);
				throw new UnboundTypeError(`${message}: ` + unboundTypes.map(getTypeName).join([", "]));
			};
			var __embind_register_class = (rawType, rawPointerType, rawConstPointerType, baseClassRawType, getActualTypeSignature, getActualType, upcastSignature, upcast, downcastSignature, downcast, name, destructorSignature, rawDestructor) => {
				name = readLatin1String(name);
				getActualType = embind__requireFunction(getActualTypeSignature, getActualType);
				upcast &&= embind__requireFunction(upcastSignature, upcast);
				downcast &&= embind__requireFunction(downcastSignature, downcast);
				rawDestructor = embind__requireFunction(destructorSignature, rawDestructor);
				var legalFunctionName = makeLegalFunctionName(name);
				exposePublicSymbol(legalFunctionName, function() {
					throwUnboundTypeError(`Cannot construct ${name} due to unbound types`, [baseClassRawType]);
				});
				whenDependentTypesAreResolved([
					rawType,
					rawPointerType,
					rawConstPointerType
				], baseClassRawType ? [baseClassRawType] : [], (base) => {
					base = base[0];
					var baseClass;
					var basePrototype;
					if (baseClassRawType) {
						baseClass = base.registeredClass;
						basePrototype = baseClass.instancePrototype;
					} else basePrototype = ClassHandle.prototype;
					var constructor = createNamedFunction(name, function(...args) {
						if (Object.getPrototypeOf(this) !== instancePrototype) throw new BindingError("Use 'new' to construct " + name);
						if (void 0 === registeredClass.constructor_body) throw new BindingError(name + " has no accessible constructor");
						var body = registeredClass.constructor_body[args.length];
						if (void 0 === body) throw new BindingError(`Tried to invoke ctor of ${name} with invalid number of parameters (${args.length}) - expected (${Object.keys(registeredClass.constructor_body).toString()}) parameters instead!`);
						return body.apply(this, args);
					});
					var instancePrototype = Object.create(basePrototype, { constructor: { value: constructor } });
					constructor.prototype = instancePrototype;
					var registeredClass = new RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast);
					if (registeredClass.baseClass) {
						registeredClass.baseClass.__derivedClasses ??= [];
						registeredClass.baseClass.__derivedClasses.push(registeredClass);
					}
					var referenceConverter = new RegisteredPointer(name, registeredClass, true, false, false);
					var pointerConverter = new RegisteredPointer(name + "*", registeredClass, false, false, false);
					var constPointerConverter = new RegisteredPointer(name + " const*", registeredClass, false, true, false);
					registeredPointers[rawType] = {
						pointerType: pointerConverter,
						constPointerType: constPointerConverter
					};
					replacePublicSymbol(legalFunctionName, constructor);
					return [
						referenceConverter,
						pointerConverter,
						constPointerConverter
					];
				});
			};
			var heap32VectorToArray = (count, firstElement) => {
				var array = [];
				for (var i = 0; i < count; i++) array.push(HEAPU32[firstElement + i * 4 >> 2]);
				return array;
			};
			function usesDestructorStack(argTypes) {
				for (var i = 1; i < argTypes.length; ++i) if (argTypes[i] !== null && argTypes[i].destructorFunction === void 0) return true;
				return false;
			}
			var InvokerFunctions = {
				ftf: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn);
						return retType["fromWireType"](rv);
					};
				},
				ttfnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0) {
					return function(arg0) {
						var rv = invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0));
						return retType["fromWireType"](rv);
					};
				},
				ttfn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn, classParam["toWireType"](null, this));
						return retType["fromWireType"](rv);
					};
				},
				tffn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						invoker(fn, classParam["toWireType"](null, this));
					};
				},
				ftfn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0) {
					return function(arg0) {
						var rv = invoker(fn, argType0["toWireType"](null, arg0));
						return retType["fromWireType"](rv);
					};
				}
			};
			function createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync) {
				const signature = [
					isClassMethodFunc ? "t" : "f",
					returns ? "t" : "f",
					isAsync ? "t" : "f"
				];
				for (let i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) {
					const arg = argTypes[i];
					let destructorSig = "";
					if (arg.destructorFunction === void 0) destructorSig = "u";
					else if (arg.destructorFunction === null) destructorSig = "n";
					else destructorSig = "t";
					signature.push(destructorSig);
				}
				return signature.join("");
			}
			function craftInvokerFunction(humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc, isAsync) {
				var argCount = argTypes.length;
				if (argCount < 2) throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
				var isClassMethodFunc = argTypes[1] !== null && classType !== null;
				var needsDestructorStack = usesDestructorStack(argTypes);
				var returns = argTypes[0].name !== "void";
				var closureArgs = [
					humanName,
					throwBindingError,
					cppInvokerFunc,
					cppTargetFunc,
					runDestructors,
					argTypes[0],
					argTypes[1]
				];
				for (var i = 0; i < argCount - 2; ++i) closureArgs.push(argTypes[i + 2]);
				if (!needsDestructorStack) {
					for (var i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) if (argTypes[i].destructorFunction !== null) closureArgs.push(argTypes[i].destructorFunction);
				}
				return createNamedFunction(humanName, InvokerFunctions[createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync)](...closureArgs));
			}
			var __embind_register_class_constructor = (rawClassType, argCount, rawArgTypesAddr, invokerSignature, invoker, rawConstructor) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				invoker = embind__requireFunction(invokerSignature, invoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `constructor ${classType.name}`;
					if (void 0 === classType.registeredClass.constructor_body) classType.registeredClass.constructor_body = [];
					if (void 0 !== classType.registeredClass.constructor_body[argCount - 1]) throw new BindingError(`Cannot register multiple constructors with identical number of parameters (${argCount - 1}) for class '${classType.name}'! Overload resolution is currently only performed using the parameter count, not actual type info!`);
					classType.registeredClass.constructor_body[argCount - 1] = () => {
						throwUnboundTypeError(`Cannot construct ${classType.name} due to unbound types`, rawArgTypes);
					};
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						argTypes.splice(1, 0, null);
						classType.registeredClass.constructor_body[argCount - 1] = craftInvokerFunction(humanName, argTypes, null, invoker, rawConstructor);
						return [];
					});
					return [];
				});
			};
			var getFunctionName = (signature) => {
				signature = signature.trim();
				const argsIndex = signature.indexOf("(");
				if (argsIndex !== -1) return signature.substr(0, argsIndex);
				else return signature;
			};
			var __embind_register_class_function = (rawClassType, methodName, argCount, rawArgTypesAddr, invokerSignature, rawInvoker, context, isPureVirtual, isAsync, isNonnullReturn) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				methodName = readLatin1String(methodName);
				methodName = getFunctionName(methodName);
				rawInvoker = embind__requireFunction(invokerSignature, rawInvoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `${classType.name}.${methodName}`;
					if (methodName.startsWith("@@")) methodName = Symbol[methodName.substring(2)];
					if (isPureVirtual) classType.registeredClass.pureVirtualFunctions.push(methodName);
					function unboundTypesHandler() {
						throwUnboundTypeError(`Cannot call ${humanName} due to unbound types`, rawArgTypes);
					}
					var proto = classType.registeredClass.instancePrototype;
					var method = proto[methodName];
					if (void 0 === method || void 0 === method.overloadTable && method.className !== classType.name && method.argCount === argCount - 2) {
						unboundTypesHandler.argCount = argCount - 2;
						unboundTypesHandler.className = classType.name;
						proto[methodName] = unboundTypesHandler;
					} else {
						ensureOverloadTable(proto, methodName, humanName);
						proto[methodName].overloadTable[argCount - 2] = unboundTypesHandler;
					}
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						var memberFunction = craftInvokerFunction(humanName, argTypes, classType, rawInvoker, context, isAsync);
						if (void 0 === proto[methodName].overloadTable) {
							memberFunction.argCount = argCount - 2;
							proto[methodName] = memberFunction;
						} else proto[methodName].overloadTable[argCount - 2] = memberFunction;
						return [];
					});
					return [];
				});
			};
			var emval_freelist = [];
			var emval_handles = [];
			var __emval_decref = (handle) => {
				if (handle > 9 && 0 === --emval_handles[handle + 1]) {
					emval_handles[handle] = void 0;
					emval_freelist.push(handle);
				}
			};
			var count_emval_handles = () => emval_handles.length / 2 - 5 - emval_freelist.length;
			var init_emval = () => {
				emval_handles.push(0, 1, void 0, 1, null, 1, true, 1, false, 1);
				Module["count_emval_handles"] = count_emval_handles;
			};
			var Emval = {
				toValue: (handle) => {
					if (!handle) throwBindingError("Cannot use deleted val. handle = " + handle);
					return emval_handles[handle];
				},
				toHandle: (value) => {
					switch (value) {
						case void 0: return 2;
						case null: return 4;
						case true: return 6;
						case false: return 8;
						default: {
							const handle = emval_freelist.pop() || emval_handles.length;
							emval_handles[handle] = value;
							emval_handles[handle + 1] = 1;
							return handle;
						}
					}
				}
			};
			var EmValType = {
				name: "emscripten::val",
				fromWireType: (handle) => {
					var rv = Emval.toValue(handle);
					__emval_decref(handle);
					return rv;
				},
				toWireType: (destructors, value) => Emval.toHandle(value),
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				destructorFunction: null
			};
			var __embind_register_emval = (rawType) => registerType(rawType, EmValType);
			var embindRepr = (v) => {
				if (v === null) return "null";
				var t = typeof v;
				if (t === "object" || t === "array" || t === "function") return v.toString();
				else return "" + v;
			};
			var floatReadValueFromPointer = (name, width) => {
				switch (width) {
					case 4: return function(pointer) {
						return this["fromWireType"](HEAPF32[pointer >> 2]);
					};
					case 8: return function(pointer) {
						return this["fromWireType"](HEAPF64[pointer >> 3]);
					};
					default: throw new TypeError(`invalid float width (${width}): ${name}`);
				}
			};
			var __embind_register_float = (rawType, name, size) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: (value) => value,
					toWireType: (destructors, value) => value,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: floatReadValueFromPointer(name, size),
					destructorFunction: null
				});
			};
			var __embind_register_function = (name, argCount, rawArgTypesAddr, signature, rawInvoker, fn, isAsync, isNonnullReturn) => {
				var argTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				name = readLatin1String(name);
				name = getFunctionName(name);
				rawInvoker = embind__requireFunction(signature, rawInvoker);
				exposePublicSymbol(name, function() {
					throwUnboundTypeError(`Cannot call ${name} due to unbound types`, argTypes);
				}, argCount - 1);
				whenDependentTypesAreResolved([], argTypes, (argTypes) => {
					var invokerArgsArray = [argTypes[0], null].concat(argTypes.slice(1));
					replacePublicSymbol(name, craftInvokerFunction(name, invokerArgsArray, null, rawInvoker, fn, isAsync), argCount - 1);
					return [];
				});
			};
			var integerReadValueFromPointer = (name, width, signed) => {
				switch (width) {
					case 1: return signed ? (pointer) => HEAP8[pointer] : (pointer) => HEAPU8[pointer];
					case 2: return signed ? (pointer) => HEAP16[pointer >> 1] : (pointer) => HEAPU16[pointer >> 1];
					case 4: return signed ? (pointer) => HEAP32[pointer >> 2] : (pointer) => HEAPU32[pointer >> 2];
					default: throw new TypeError(`invalid integer width (${width}): ${name}`);
				}
			};
			var __embind_register_integer = (primitiveType, name, size, minRange, maxRange) => {
				name = readLatin1String(name);
				if (maxRange === -1) maxRange = 4294967295;
				var fromWireType = (value) => value;
				if (minRange === 0) {
					var bitshift = 32 - 8 * size;
					fromWireType = (value) => value << bitshift >>> bitshift;
				}
				var isUnsignedType = name.includes("unsigned");
				var toWireType;
				if (isUnsignedType) toWireType = function(destructors, value) {
					this.name;
					return value >>> 0;
				};
				else toWireType = function(destructors, value) {
					this.name;
					return value;
				};
				registerType(primitiveType, {
					name,
					fromWireType,
					toWireType,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: integerReadValueFromPointer(name, size, minRange !== 0),
					destructorFunction: null
				});
			};
			var __embind_register_memory_view = (rawType, dataTypeIndex, name) => {
				var TA = [
					Int8Array,
					Uint8Array,
					Int16Array,
					Uint16Array,
					Int32Array,
					Uint32Array,
					Float32Array,
					Float64Array
				][dataTypeIndex];
				function decodeMemoryView(handle) {
					var size = HEAPU32[handle >> 2];
					var data = HEAPU32[handle + 4 >> 2];
					return new TA(HEAP8.buffer, data, size);
				}
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: decodeMemoryView,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: decodeMemoryView
				}, { ignoreDuplicateRegistrations: true });
			};
			var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
				if (!(maxBytesToWrite > 0)) return 0;
				var startIdx = outIdx;
				var endIdx = outIdx + maxBytesToWrite - 1;
				for (var i = 0; i < str.length; ++i) {
					var u = str.charCodeAt(i);
					if (u >= 55296 && u <= 57343) {
						var u1 = str.charCodeAt(++i);
						u = 65536 + ((u & 1023) << 10) | u1 & 1023;
					}
					if (u <= 127) {
						if (outIdx >= endIdx) break;
						heap[outIdx++] = u;
					} else if (u <= 2047) {
						if (outIdx + 1 >= endIdx) break;
						heap[outIdx++] = 192 | u >> 6;
						heap[outIdx++] = 128 | u & 63;
					} else if (u <= 65535) {
						if (outIdx + 2 >= endIdx) break;
						heap[outIdx++] = 224 | u >> 12;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					} else {
						if (outIdx + 3 >= endIdx) break;
						heap[outIdx++] = 240 | u >> 18;
						heap[outIdx++] = 128 | u >> 12 & 63;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					}
				}
				heap[outIdx] = 0;
				return outIdx - startIdx;
			};
			var stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
			var lengthBytesUTF8 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var c = str.charCodeAt(i);
					if (c <= 127) len++;
					else if (c <= 2047) len += 2;
					else if (c >= 55296 && c <= 57343) {
						len += 4;
						++i;
					} else len += 3;
				}
				return len;
			};
			var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
			var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead = NaN) => {
				var endIdx = idx + maxBytesToRead;
				var endPtr = idx;
				while (heapOrArray[endPtr] && !(endPtr >= endIdx)) ++endPtr;
				if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
				var str = "";
				while (idx < endPtr) {
					var u0 = heapOrArray[idx++];
					if (!(u0 & 128)) {
						str += String.fromCharCode(u0);
						continue;
					}
					var u1 = heapOrArray[idx++] & 63;
					if ((u0 & 224) == 192) {
						str += String.fromCharCode((u0 & 31) << 6 | u1);
						continue;
					}
					var u2 = heapOrArray[idx++] & 63;
					if ((u0 & 240) == 224) u0 = (u0 & 15) << 12 | u1 << 6 | u2;
					else u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
					if (u0 < 65536) str += String.fromCharCode(u0);
					else {
						var ch = u0 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					}
				}
				return str;
			};
			var UTF8ToString = (ptr, maxBytesToRead) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead) : "";
			var __embind_register_std_string = (rawType, name) => {
				name = readLatin1String(name);
				var stdStringIsUTF8 = true;
				registerType(rawType, {
					name,
					fromWireType(value) {
						var length = HEAPU32[value >> 2];
						var payload = value + 4;
						var str;
						if (stdStringIsUTF8) {
							var decodeStartPtr = payload;
							for (var i = 0; i <= length; ++i) {
								var currentBytePtr = payload + i;
								if (i == length || HEAPU8[currentBytePtr] == 0) {
									var maxRead = currentBytePtr - decodeStartPtr;
									var stringSegment = UTF8ToString(decodeStartPtr, maxRead);
									if (str === void 0) str = stringSegment;
									else {
										str += String.fromCharCode(0);
										str += stringSegment;
									}
									decodeStartPtr = currentBytePtr + 1;
								}
							}
						} else {
							var a = new Array(length);
							for (var i = 0; i < length; ++i) a[i] = String.fromCharCode(HEAPU8[payload + i]);
							str = a.join("");
						}
						_free(value);
						return str;
					},
					toWireType(destructors, value) {
						if (value instanceof ArrayBuffer) value = new Uint8Array(value);
						var length;
						var valueIsOfTypeString = typeof value == "string";
						if (!(valueIsOfTypeString || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array)) throwBindingError("Cannot pass non-string to std::string");
						if (stdStringIsUTF8 && valueIsOfTypeString) length = lengthBytesUTF8(value);
						else length = value.length;
						var base = _malloc(4 + length + 1);
						var ptr = base + 4;
						HEAPU32[base >> 2] = length;
						if (stdStringIsUTF8 && valueIsOfTypeString) stringToUTF8(value, ptr, length + 1);
						else if (valueIsOfTypeString) for (var i = 0; i < length; ++i) {
							var charCode = value.charCodeAt(i);
							if (charCode > 255) {
								_free(ptr);
								throwBindingError("String has UTF-16 code units that do not fit in 8 bits");
							}
							HEAPU8[ptr + i] = charCode;
						}
						else for (var i = 0; i < length; ++i) HEAPU8[ptr + i] = value[i];
						if (destructors !== null) destructors.push(_free, base);
						return base;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var UTF16Decoder = typeof TextDecoder != "undefined" ? new TextDecoder("utf-16le") : void 0;
			var UTF16ToString = (ptr, maxBytesToRead) => {
				var endPtr = ptr;
				var idx = endPtr >> 1;
				var maxIdx = idx + maxBytesToRead / 2;
				while (!(idx >= maxIdx) && HEAPU16[idx]) ++idx;
				endPtr = idx << 1;
				if (endPtr - ptr > 32 && UTF16Decoder) return UTF16Decoder.decode(HEAPU8.subarray(ptr, endPtr));
				var str = "";
				for (var i = 0; !(i >= maxBytesToRead / 2); ++i) {
					var codeUnit = HEAP16[ptr + i * 2 >> 1];
					if (codeUnit == 0) break;
					str += String.fromCharCode(codeUnit);
				}
				return str;
			};
			var stringToUTF16 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 2) return 0;
				maxBytesToWrite -= 2;
				var startPtr = outPtr;
				var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
				for (var i = 0; i < numCharsToWrite; ++i) {
					var codeUnit = str.charCodeAt(i);
					HEAP16[outPtr >> 1] = codeUnit;
					outPtr += 2;
				}
				HEAP16[outPtr >> 1] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF16 = (str) => str.length * 2;
			var UTF32ToString = (ptr, maxBytesToRead) => {
				var i = 0;
				var str = "";
				while (!(i >= maxBytesToRead / 4)) {
					var utf32 = HEAP32[ptr + i * 4 >> 2];
					if (utf32 == 0) break;
					++i;
					if (utf32 >= 65536) {
						var ch = utf32 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					} else str += String.fromCharCode(utf32);
				}
				return str;
			};
			var stringToUTF32 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 4) return 0;
				var startPtr = outPtr;
				var endPtr = startPtr + maxBytesToWrite - 4;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) {
						var trailSurrogate = str.charCodeAt(++i);
						codeUnit = 65536 + ((codeUnit & 1023) << 10) | trailSurrogate & 1023;
					}
					HEAP32[outPtr >> 2] = codeUnit;
					outPtr += 4;
					if (outPtr + 4 > endPtr) break;
				}
				HEAP32[outPtr >> 2] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF32 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) ++i;
					len += 4;
				}
				return len;
			};
			var __embind_register_std_wstring = (rawType, charSize, name) => {
				name = readLatin1String(name);
				var decodeString, encodeString, readCharAt, lengthBytesUTF;
				if (charSize === 2) {
					decodeString = UTF16ToString;
					encodeString = stringToUTF16;
					lengthBytesUTF = lengthBytesUTF16;
					readCharAt = (pointer) => HEAPU16[pointer >> 1];
				} else if (charSize === 4) {
					decodeString = UTF32ToString;
					encodeString = stringToUTF32;
					lengthBytesUTF = lengthBytesUTF32;
					readCharAt = (pointer) => HEAPU32[pointer >> 2];
				}
				registerType(rawType, {
					name,
					fromWireType: (value) => {
						var length = HEAPU32[value >> 2];
						var str;
						var decodeStartPtr = value + 4;
						for (var i = 0; i <= length; ++i) {
							var currentBytePtr = value + 4 + i * charSize;
							if (i == length || readCharAt(currentBytePtr) == 0) {
								var maxReadBytes = currentBytePtr - decodeStartPtr;
								var stringSegment = decodeString(decodeStartPtr, maxReadBytes);
								if (str === void 0) str = stringSegment;
								else {
									str += String.fromCharCode(0);
									str += stringSegment;
								}
								decodeStartPtr = currentBytePtr + charSize;
							}
						}
						_free(value);
						return str;
					},
					toWireType: (destructors, value) => {
						if (!(typeof value == "string")) throwBindingError(`Cannot pass non-string to C++ string type ${name}`);
						var length = lengthBytesUTF(value);
						var ptr = _malloc(4 + length + charSize);
						HEAPU32[ptr >> 2] = length / charSize;
						encodeString(value, ptr + 4, length + charSize);
						if (destructors !== null) destructors.push(_free, ptr);
						return ptr;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var __embind_register_value_object = (rawType, name, constructorSignature, rawConstructor, destructorSignature, rawDestructor) => {
				structRegistrations[rawType] = {
					name: readLatin1String(name),
					rawConstructor: embind__requireFunction(constructorSignature, rawConstructor),
					rawDestructor: embind__requireFunction(destructorSignature, rawDestructor),
					fields: []
				};
			};
			var __embind_register_value_object_field = (structType, fieldName, getterReturnType, getterSignature, getter, getterContext, setterArgumentType, setterSignature, setter, setterContext) => {
				structRegistrations[structType].fields.push({
					fieldName: readLatin1String(fieldName),
					getterReturnType,
					getter: embind__requireFunction(getterSignature, getter),
					getterContext,
					setterArgumentType,
					setter: embind__requireFunction(setterSignature, setter),
					setterContext
				});
			};
			var __embind_register_void = (rawType, name) => {
				name = readLatin1String(name);
				registerType(rawType, {
					isVoid: true,
					name,
					argPackAdvance: 0,
					fromWireType: () => void 0,
					toWireType: (destructors, o) => void 0
				});
			};
			var __emscripten_memcpy_js = (dest, src, num) => HEAPU8.copyWithin(dest, src, src + num);
			var emval_methodCallers = [];
			var __emval_call = (caller, handle, destructorsRef, args) => {
				caller = emval_methodCallers[caller];
				handle = Emval.toValue(handle);
				return caller(null, handle, destructorsRef, args);
			};
			var emval_symbols = {};
			var getStringOrSymbol = (address) => {
				var symbol = emval_symbols[address];
				if (symbol === void 0) return readLatin1String(address);
				return symbol;
			};
			var emval_get_global = () => {
				if (typeof globalThis == "object") return globalThis;
				function testGlobal(obj) {
					obj["$$$embind_global$$$"] = obj;
					var success = typeof $$$embind_global$$$ == "object" && obj["$$$embind_global$$$"] == obj;
					if (!success) delete obj["$$$embind_global$$$"];
					return success;
				}
				if (typeof $$$embind_global$$$ == "object") return $$$embind_global$$$;
				if (typeof global == "object" && testGlobal(global)) $$$embind_global$$$ = global;
				else if (typeof self == "object" && testGlobal(self)) $$$embind_global$$$ = self;
				if (typeof $$$embind_global$$$ == "object") return $$$embind_global$$$;
				throw Error("unable to get global object.");
			};
			var __emval_get_global = (name) => {
				if (name === 0) return Emval.toHandle(emval_get_global());
				else {
					name = getStringOrSymbol(name);
					return Emval.toHandle(emval_get_global()[name]);
				}
			};
			var emval_addMethodCaller = (caller) => {
				var id = emval_methodCallers.length;
				emval_methodCallers.push(caller);
				return id;
			};
			var requireRegisteredType = (rawType, humanName) => {
				var impl = registeredTypes[rawType];
				if (void 0 === impl) throwBindingError(`${humanName} has unknown type ${getTypeName(rawType)}`);
				return impl;
			};
			var emval_lookupTypes = (argCount, argTypes) => {
				var a = new Array(argCount);
				for (var i = 0; i < argCount; ++i) a[i] = requireRegisteredType(HEAPU32[argTypes + i * 4 >> 2], "parameter " + i);
				return a;
			};
			var reflectConstruct = Reflect.construct;
			var emval_returnValue = (returnType, destructorsRef, handle) => {
				var destructors = [];
				var result = returnType["toWireType"](destructors, handle);
				if (destructors.length) HEAPU32[destructorsRef >> 2] = Emval.toHandle(destructors);
				return result;
			};
			var __emval_get_method_caller = (argCount, argTypes, kind) => {
				var types = emval_lookupTypes(argCount, argTypes);
				var retType = types.shift();
				argCount--;
				var argN = new Array(argCount);
				var invokerFunction = (obj, func, destructorsRef, args) => {
					var offset = 0;
					for (var i = 0; i < argCount; ++i) {
						argN[i] = types[i]["readValueFromPointer"](args + offset);
						offset += types[i].argPackAdvance;
					}
					return emval_returnValue(retType, destructorsRef, kind === 1 ? reflectConstruct(func, argN) : func.apply(obj, argN));
				};
				return emval_addMethodCaller(createNamedFunction(`methodCaller<(${types.map((t) => t.name).join(", ")}) => ${retType.name}>`, invokerFunction));
			};
			var __emval_run_destructors = (handle) => {
				runDestructors(Emval.toValue(handle));
				__emval_decref(handle);
			};
			var __emval_take_value = (type, arg) => {
				type = requireRegisteredType(type, "_emval_take_value");
				var v = type["readValueFromPointer"](arg);
				return Emval.toHandle(v);
			};
			var getHeapMax = () => 2147483648;
			var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
			var growMemory = (size) => {
				var pages = (size - wasmMemory.buffer.byteLength + 65535) / 65536 | 0;
				try {
					wasmMemory.grow(pages);
					updateMemoryViews();
					return 1;
				} catch (e) {}
			};
			var _emscripten_resize_heap = (requestedSize) => {
				var oldSize = HEAPU8.length;
				requestedSize >>>= 0;
				var maxHeapSize = getHeapMax();
				if (requestedSize > maxHeapSize) return false;
				for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
					var overGrownHeapSize = oldSize * (1 + .2 / cutDown);
					overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
					if (growMemory(Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536)))) return true;
				}
				return false;
			};
			var getCFunc = (ident) => {
				return Module["_" + ident];
			};
			var writeArrayToMemory = (array, buffer) => {
				HEAP8.set(array, buffer);
			};
			var stackAlloc = (sz) => __emscripten_stack_alloc(sz);
			var stringToUTF8OnStack = (str) => {
				var size = lengthBytesUTF8(str) + 1;
				var ret = stackAlloc(size);
				stringToUTF8(str, ret, size);
				return ret;
			};
			var ccall = (ident, returnType, argTypes, args, opts) => {
				var toC = {
					string: (str) => {
						var ret = 0;
						if (str !== null && str !== void 0 && str !== 0) ret = stringToUTF8OnStack(str);
						return ret;
					},
					array: (arr) => {
						var ret = stackAlloc(arr.length);
						writeArrayToMemory(arr, ret);
						return ret;
					}
				};
				function convertReturnValue(ret) {
					if (returnType === "string") return UTF8ToString(ret);
					if (returnType === "boolean") return Boolean(ret);
					return ret;
				}
				var func = getCFunc(ident);
				var cArgs = [];
				var stack = 0;
				if (args) for (var i = 0; i < args.length; i++) {
					var converter = toC[argTypes[i]];
					if (converter) {
						if (stack === 0) stack = stackSave();
						cArgs[i] = converter(args[i]);
					} else cArgs[i] = args[i];
				}
				var ret = func(...cArgs);
				function onDone(ret) {
					if (stack !== 0) stackRestore(stack);
					return convertReturnValue(ret);
				}
				ret = onDone(ret);
				return ret;
			};
			InternalError = Module["InternalError"] = class InternalError extends Error {
				constructor(message) {
					super(message);
					this.name = "InternalError";
				}
			};
			embind_init_charCodes();
			BindingError = Module["BindingError"] = class BindingError extends Error {
				constructor(message) {
					super(message);
					this.name = "BindingError";
				}
			};
			init_ClassHandle();
			init_RegisteredPointer();
			UnboundTypeError = Module["UnboundTypeError"] = extendError(Error, "UnboundTypeError");
			init_emval();
			var wasmImports = {
				g: ___cxa_throw,
				o: __abort_js,
				l: __embind_finalize_value_object,
				n: __embind_register_bigint,
				t: __embind_register_bool,
				k: __embind_register_class,
				j: __embind_register_class_constructor,
				c: __embind_register_class_function,
				r: __embind_register_emval,
				h: __embind_register_float,
				e: __embind_register_function,
				b: __embind_register_integer,
				a: __embind_register_memory_view,
				s: __embind_register_std_string,
				f: __embind_register_std_wstring,
				m: __embind_register_value_object,
				d: __embind_register_value_object_field,
				u: __embind_register_void,
				q: __emscripten_memcpy_js,
				w: __emval_call,
				y: __emval_decref,
				z: __emval_get_global,
				x: __emval_get_method_caller,
				v: __emval_run_destructors,
				i: __emval_take_value,
				p: _emscripten_resize_heap
			};
			var wasmExports;
			createWasm();
			var ___getTypeName = (a0) => (___getTypeName = wasmExports["C"])(a0);
			var _malloc = (a0) => (_malloc = wasmExports["E"])(a0);
			var _free = (a0) => (_free = wasmExports["F"])(a0);
			var __emscripten_stack_restore = (a0) => (__emscripten_stack_restore = wasmExports["G"])(a0);
			var __emscripten_stack_alloc = (a0) => (__emscripten_stack_alloc = wasmExports["H"])(a0);
			var _emscripten_stack_get_current = () => (_emscripten_stack_get_current = wasmExports["I"])();
			Module["ccall"] = ccall;
			var calledRun;
			dependenciesFulfilled = function runCaller() {
				if (!calledRun) run();
				if (!calledRun) dependenciesFulfilled = runCaller;
			};
			function run() {
				if (runDependencies > 0) return;
				preRun();
				if (runDependencies > 0) return;
				function doRun() {
					if (calledRun) return;
					calledRun = true;
					Module["calledRun"] = true;
					if (ABORT) return;
					initRuntime();
					readyPromiseResolve(Module);
					Module["onRuntimeInitialized"]?.();
					postRun();
				}
				if (Module["setStatus"]) {
					Module["setStatus"]("Running...");
					setTimeout(() => {
						setTimeout(() => Module["setStatus"](""), 1);
						doRun();
					}, 1);
				} else doRun();
			}
			if (Module["preInit"]) {
				if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
				while (Module["preInit"].length > 0) Module["preInit"].pop()();
			}
			run();
			moduleRtn = readyPromise;
			return moduleRtn;
		});
	})();
	if (typeof exports === "object" && typeof module === "object") {
		module.exports = CharLSWASM;
		module.exports.default = CharLSWASM;
	} else if (typeof define === "function" && define["amd"]) define([], () => CharLSWASM);
})))());
const charlsWasm = new URL("/static/viewer3d/assets/charlswasm_decode-CEN7ucFR.wasm", "" + import.meta.url);
const local$3 = {
	codec: void 0,
	decoder: void 0,
	decodeConfig: {}
};
function getExceptionMessage$1(exception) {
	return typeof exception === "number" ? local$3.codec.getExceptionMessage(exception) : exception;
}
function initialize$3(decodeConfig) {
	local$3.decodeConfig = decodeConfig;
	setWasmBasePathFromConfig(decodeConfig);
	if (local$3.codec) return Promise.resolve();
	const charlsModule = (0, import_charlswasm_decode.default)({ locateFile: (f) => {
		if (f.endsWith(".wasm")) return resolveWasmUrl("charlswasm_decode.wasm", charlsWasm);
		return f;
	} });
	return new Promise((resolve, reject) => {
		charlsModule.then((instance) => {
			local$3.codec = instance;
			local$3.decoder = new instance.JpegLSDecoder();
			resolve();
		}, reject);
	});
}
async function decodeAsync$3(compressedImageFrame, imageInfo) {
	try {
		await initialize$3();
		const decoder = local$3.decoder;
		decoder.getEncodedBuffer(compressedImageFrame.length).set(compressedImageFrame);
		decoder.decode();
		const frameInfo = decoder.getFrameInfo();
		const interleaveMode = decoder.getInterleaveMode();
		const nearLossless = decoder.getNearLossless();
		const decodedPixelsInWASM = decoder.getDecodedBuffer();
		const encodedImageInfo = {
			columns: frameInfo.width,
			rows: frameInfo.height,
			bitsPerPixel: frameInfo.bitsPerSample,
			signed: imageInfo.signed,
			bytesPerPixel: imageInfo.bytesPerPixel,
			componentsPerPixel: frameInfo.componentCount
		};
		const pixelData = getPixelData(frameInfo, decodedPixelsInWASM, imageInfo.signed);
		const encodeOptions = {
			nearLossless,
			interleaveMode,
			frameInfo
		};
		return {
			...imageInfo,
			pixelData,
			imageInfo: encodedImageInfo,
			encodeOptions,
			...encodeOptions,
			...encodedImageInfo
		};
	} catch (error) {
		throw getExceptionMessage$1(error);
	}
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeJPEG2000.js
var import_openjpegwasm_decode = /* @__PURE__ */ __toESM((/* @__PURE__ */ __commonJSMin(((exports, module) => {
	var OpenJPEGWASM = (() => {
		var _scriptName = typeof document != "undefined" ? document.currentScript?.src : void 0;
		if (typeof __filename != "undefined") _scriptName = _scriptName || __filename;
		return (function(moduleArg = {}) {
			var moduleRtn;
			var Module = moduleArg;
			var readyPromiseResolve, readyPromiseReject;
			var readyPromise = new Promise((resolve, reject) => {
				readyPromiseResolve = resolve;
				readyPromiseReject = reject;
			});
			var ENVIRONMENT_IS_WEB = typeof window == "object";
			var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
			var ENVIRONMENT_IS_NODE = typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type != "renderer";
			if (ENVIRONMENT_IS_NODE) {}
			var moduleOverrides = Object.assign({}, Module);
			var thisProgram = "./this.program";
			var scriptDirectory = "";
			function locateFile(path) {
				if (Module["locateFile"]) return Module["locateFile"](path, scriptDirectory);
				return scriptDirectory + path;
			}
			var readAsync, readBinary;
			if (ENVIRONMENT_IS_NODE) {
				var fs = require___vite_browser_external();
				require___vite_browser_external();
				scriptDirectory = __dirname + "/";
				readBinary = (filename) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename);
				};
				readAsync = async (filename, binary = true) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename, binary ? void 0 : "utf8");
				};
				if (!Module["thisProgram"] && process.argv.length > 1) thisProgram = process.argv[1].replace(/\\/g, "/");
				process.argv.slice(2);
			} else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
				if (ENVIRONMENT_IS_WORKER) scriptDirectory = self.location.href;
				else if (typeof document != "undefined" && document.currentScript) scriptDirectory = document.currentScript.src;
				if (_scriptName) scriptDirectory = _scriptName;
				if (scriptDirectory.startsWith("blob:")) scriptDirectory = "";
				else scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
				if (ENVIRONMENT_IS_WORKER) readBinary = (url) => {
					var xhr = new XMLHttpRequest();
					xhr.open("GET", url, false);
					xhr.responseType = "arraybuffer";
					xhr.send(null);
					return new Uint8Array(xhr.response);
				};
				readAsync = async (url) => {
					if (isFileURI(url)) return new Promise((resolve, reject) => {
						var xhr = new XMLHttpRequest();
						xhr.open("GET", url, true);
						xhr.responseType = "arraybuffer";
						xhr.onload = () => {
							if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
								resolve(xhr.response);
								return;
							}
							reject(xhr.status);
						};
						xhr.onerror = reject;
						xhr.send(null);
					});
					var response = await fetch(url, { credentials: "same-origin" });
					if (response.ok) return response.arrayBuffer();
					throw new Error(response.status + " : " + response.url);
				};
			}
			var out = Module["print"] || console.log.bind(console);
			var err = Module["printErr"] || console.error.bind(console);
			Object.assign(Module, moduleOverrides);
			moduleOverrides = null;
			if (Module["arguments"]) Module["arguments"];
			if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
			var wasmBinary = Module["wasmBinary"];
			var wasmMemory;
			var ABORT = false;
			var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
			function updateMemoryViews() {
				var b = wasmMemory.buffer;
				Module["HEAP8"] = HEAP8 = new Int8Array(b);
				Module["HEAP16"] = HEAP16 = new Int16Array(b);
				Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
				Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
				Module["HEAP32"] = HEAP32 = new Int32Array(b);
				Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
				Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
				Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
			}
			var __ATPRERUN__ = [];
			var __ATINIT__ = [];
			var __ATPOSTRUN__ = [];
			function preRun() {
				if (Module["preRun"]) {
					if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
					while (Module["preRun"].length) addOnPreRun(Module["preRun"].shift());
				}
				callRuntimeCallbacks(__ATPRERUN__);
			}
			function initRuntime() {
				callRuntimeCallbacks(__ATINIT__);
			}
			function postRun() {
				if (Module["postRun"]) {
					if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
					while (Module["postRun"].length) addOnPostRun(Module["postRun"].shift());
				}
				callRuntimeCallbacks(__ATPOSTRUN__);
			}
			function addOnPreRun(cb) {
				__ATPRERUN__.unshift(cb);
			}
			function addOnInit(cb) {
				__ATINIT__.unshift(cb);
			}
			function addOnPostRun(cb) {
				__ATPOSTRUN__.unshift(cb);
			}
			var runDependencies = 0;
			var dependenciesFulfilled = null;
			function addRunDependency(id) {
				runDependencies++;
				Module["monitorRunDependencies"]?.(runDependencies);
			}
			function removeRunDependency(id) {
				runDependencies--;
				Module["monitorRunDependencies"]?.(runDependencies);
				if (runDependencies == 0) {
					if (dependenciesFulfilled) {
						var callback = dependenciesFulfilled;
						dependenciesFulfilled = null;
						callback();
					}
				}
			}
			function abort(what) {
				Module["onAbort"]?.(what);
				what = "Aborted(" + what + ")";
				err(what);
				ABORT = true;
				what += ". Build with -sASSERTIONS for more info.";
				var e = new WebAssembly.RuntimeError(what);
				readyPromiseReject(e);
				throw e;
			}
			var dataURIPrefix = "data:application/octet-stream;base64,";
			var isDataURI = (filename) => filename.startsWith(dataURIPrefix);
			var isFileURI = (filename) => filename.startsWith("file://");
			function findWasmBinary() {
				var f = "openjpegwasm_decode.wasm";
				if (!isDataURI(f)) return locateFile(f);
				return f;
			}
			var wasmBinaryFile;
			function getBinarySync(file) {
				if (file == wasmBinaryFile && wasmBinary) return new Uint8Array(wasmBinary);
				if (readBinary) return readBinary(file);
				throw "both async and sync fetching of the wasm failed";
			}
			async function getWasmBinary(binaryFile) {
				if (!wasmBinary) try {
					var response = await readAsync(binaryFile);
					return new Uint8Array(response);
				} catch {}
				return getBinarySync(binaryFile);
			}
			async function instantiateArrayBuffer(binaryFile, imports) {
				try {
					var binary = await getWasmBinary(binaryFile);
					return await WebAssembly.instantiate(binary, imports);
				} catch (reason) {
					err(`failed to asynchronously prepare wasm: ${reason}`);
					abort(reason);
				}
			}
			async function instantiateAsync(binary, binaryFile, imports) {
				if (!binary && typeof WebAssembly.instantiateStreaming == "function" && !isDataURI(binaryFile) && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE && typeof fetch == "function") try {
					var response = fetch(binaryFile, { credentials: "same-origin" });
					return await WebAssembly.instantiateStreaming(response, imports);
				} catch (reason) {
					err(`wasm streaming compile failed: ${reason}`);
					err("falling back to ArrayBuffer instantiation");
				}
				return instantiateArrayBuffer(binaryFile, imports);
			}
			function getWasmImports() {
				return { a: wasmImports };
			}
			async function createWasm() {
				function receiveInstance(instance, module) {
					wasmExports = instance.exports;
					wasmMemory = wasmExports["F"];
					updateMemoryViews();
					wasmTable = wasmExports["I"];
					addOnInit(wasmExports["G"]);
					removeRunDependency("wasm-instantiate");
					return wasmExports;
				}
				addRunDependency("wasm-instantiate");
				function receiveInstantiationResult(result) {
					receiveInstance(result["instance"]);
				}
				var info = getWasmImports();
				if (Module["instantiateWasm"]) try {
					return Module["instantiateWasm"](info, receiveInstance);
				} catch (e) {
					err(`Module.instantiateWasm callback failed with error: ${e}`);
					readyPromiseReject(e);
				}
				wasmBinaryFile ??= findWasmBinary();
				try {
					var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
					receiveInstantiationResult(result);
					return result;
				} catch (e) {
					readyPromiseReject(e);
					return;
				}
			}
			var callRuntimeCallbacks = (callbacks) => {
				while (callbacks.length > 0) callbacks.shift()(Module);
			};
			Module["noExitRuntime"];
			var stackRestore = (val) => __emscripten_stack_restore(val);
			var stackSave = () => _emscripten_stack_get_current();
			class ExceptionInfo {
				constructor(excPtr) {
					this.excPtr = excPtr;
					this.ptr = excPtr - 24;
				}
				set_type(type) {
					HEAPU32[this.ptr + 4 >> 2] = type;
				}
				get_type() {
					return HEAPU32[this.ptr + 4 >> 2];
				}
				set_destructor(destructor) {
					HEAPU32[this.ptr + 8 >> 2] = destructor;
				}
				get_destructor() {
					return HEAPU32[this.ptr + 8 >> 2];
				}
				set_caught(caught) {
					caught = caught ? 1 : 0;
					HEAP8[this.ptr + 12] = caught;
				}
				get_caught() {
					return HEAP8[this.ptr + 12] != 0;
				}
				set_rethrown(rethrown) {
					rethrown = rethrown ? 1 : 0;
					HEAP8[this.ptr + 13] = rethrown;
				}
				get_rethrown() {
					return HEAP8[this.ptr + 13] != 0;
				}
				init(type, destructor) {
					this.set_adjusted_ptr(0);
					this.set_type(type);
					this.set_destructor(destructor);
				}
				set_adjusted_ptr(adjustedPtr) {
					HEAPU32[this.ptr + 16 >> 2] = adjustedPtr;
				}
				get_adjusted_ptr() {
					return HEAPU32[this.ptr + 16 >> 2];
				}
			}
			var exceptionLast = 0;
			var uncaughtExceptionCount = 0;
			var ___cxa_throw = (ptr, type, destructor) => {
				new ExceptionInfo(ptr).init(type, destructor);
				exceptionLast = ptr;
				uncaughtExceptionCount++;
				throw exceptionLast;
			};
			var __abort_js = () => abort("");
			var structRegistrations = {};
			var runDestructors = (destructors) => {
				while (destructors.length) {
					var ptr = destructors.pop();
					destructors.pop()(ptr);
				}
			};
			function readPointer(pointer) {
				return this["fromWireType"](HEAPU32[pointer >> 2]);
			}
			var awaitingDependencies = {};
			var registeredTypes = {};
			var typeDependencies = {};
			var InternalError;
			var throwInternalError = (message) => {
				throw new InternalError(message);
			};
			var whenDependentTypesAreResolved = (myTypes, dependentTypes, getTypeConverters) => {
				myTypes.forEach((type) => typeDependencies[type] = dependentTypes);
				function onComplete(typeConverters) {
					var myTypeConverters = getTypeConverters(typeConverters);
					if (myTypeConverters.length !== myTypes.length) throwInternalError("Mismatched type converter count");
					for (var i = 0; i < myTypes.length; ++i) registerType(myTypes[i], myTypeConverters[i]);
				}
				var typeConverters = new Array(dependentTypes.length);
				var unregisteredTypes = [];
				var registered = 0;
				dependentTypes.forEach((dt, i) => {
					if (registeredTypes.hasOwnProperty(dt)) typeConverters[i] = registeredTypes[dt];
					else {
						unregisteredTypes.push(dt);
						if (!awaitingDependencies.hasOwnProperty(dt)) awaitingDependencies[dt] = [];
						awaitingDependencies[dt].push(() => {
							typeConverters[i] = registeredTypes[dt];
							++registered;
							if (registered === unregisteredTypes.length) onComplete(typeConverters);
						});
					}
				});
				if (0 === unregisteredTypes.length) onComplete(typeConverters);
			};
			var __embind_finalize_value_object = (structType) => {
				var reg = structRegistrations[structType];
				delete structRegistrations[structType];
				var rawConstructor = reg.rawConstructor;
				var rawDestructor = reg.rawDestructor;
				var fieldRecords = reg.fields;
				var fieldTypes = fieldRecords.map((field) => field.getterReturnType).concat(fieldRecords.map((field) => field.setterArgumentType));
				whenDependentTypesAreResolved([structType], fieldTypes, (fieldTypes) => {
					var fields = {};
					fieldRecords.forEach((field, i) => {
						var fieldName = field.fieldName;
						var getterReturnType = fieldTypes[i];
						var getter = field.getter;
						var getterContext = field.getterContext;
						var setterArgumentType = fieldTypes[i + fieldRecords.length];
						var setter = field.setter;
						var setterContext = field.setterContext;
						fields[fieldName] = {
							read: (ptr) => getterReturnType["fromWireType"](getter(getterContext, ptr)),
							write: (ptr, o) => {
								var destructors = [];
								setter(setterContext, ptr, setterArgumentType["toWireType"](destructors, o));
								runDestructors(destructors);
							}
						};
					});
					return [{
						name: reg.name,
						fromWireType: (ptr) => {
							var rv = {};
							for (var i in fields) rv[i] = fields[i].read(ptr);
							rawDestructor(ptr);
							return rv;
						},
						toWireType: (destructors, o) => {
							for (var fieldName in fields) if (!(fieldName in o)) throw new TypeError(`Missing field: "${fieldName}"`);
							var ptr = rawConstructor();
							for (fieldName in fields) fields[fieldName].write(ptr, o[fieldName]);
							if (destructors !== null) destructors.push(rawDestructor, ptr);
							return ptr;
						},
						argPackAdvance: GenericWireTypeSize,
						readValueFromPointer: readPointer,
						destructorFunction: rawDestructor
					}];
				});
			};
			var __embind_register_bigint = (primitiveType, name, size, minRange, maxRange) => {};
			var embind_init_charCodes = () => {
				var codes = new Array(256);
				for (var i = 0; i < 256; ++i) codes[i] = String.fromCharCode(i);
				embind_charCodes = codes;
			};
			var embind_charCodes;
			var readLatin1String = (ptr) => {
				var ret = "";
				var c = ptr;
				while (HEAPU8[c]) ret += embind_charCodes[HEAPU8[c++]];
				return ret;
			};
			var BindingError;
			var throwBindingError = (message) => {
				throw new BindingError(message);
			};
			function sharedRegisterType(rawType, registeredInstance, options = {}) {
				var name = registeredInstance.name;
				if (!rawType) throwBindingError(`type "${name}" must have a positive integer typeid pointer`);
				if (registeredTypes.hasOwnProperty(rawType)) {
					if (options.ignoreDuplicateRegistrations) return;
					else throwBindingError(`Cannot register type '${name}' twice`);
				}
				registeredTypes[rawType] = registeredInstance;
				delete typeDependencies[rawType];
				if (awaitingDependencies.hasOwnProperty(rawType)) {
					var callbacks = awaitingDependencies[rawType];
					delete awaitingDependencies[rawType];
					callbacks.forEach((cb) => cb());
				}
			}
			function registerType(rawType, registeredInstance, options = {}) {
				return sharedRegisterType(rawType, registeredInstance, options);
			}
			var GenericWireTypeSize = 8;
			var __embind_register_bool = (rawType, name, trueValue, falseValue) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: function(wt) {
						return !!wt;
					},
					toWireType: function(destructors, o) {
						return o ? trueValue : falseValue;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: function(pointer) {
						return this["fromWireType"](HEAPU8[pointer]);
					},
					destructorFunction: null
				});
			};
			var shallowCopyInternalPointer = (o) => ({
				count: o.count,
				deleteScheduled: o.deleteScheduled,
				preservePointerOnDelete: o.preservePointerOnDelete,
				ptr: o.ptr,
				ptrType: o.ptrType,
				smartPtr: o.smartPtr,
				smartPtrType: o.smartPtrType
			});
			var throwInstanceAlreadyDeleted = (obj) => {
				function getInstanceTypeName(handle) {
					return handle.$$.ptrType.registeredClass.name;
				}
				throwBindingError(getInstanceTypeName(obj) + " instance already deleted");
			};
			var finalizationRegistry = false;
			var detachFinalizer = (handle) => {};
			var runDestructor = ($$) => {
				if ($$.smartPtr) $$.smartPtrType.rawDestructor($$.smartPtr);
				else $$.ptrType.registeredClass.rawDestructor($$.ptr);
			};
			var releaseClassHandle = ($$) => {
				$$.count.value -= 1;
				if (0 === $$.count.value) runDestructor($$);
			};
			var downcastPointer = (ptr, ptrClass, desiredClass) => {
				if (ptrClass === desiredClass) return ptr;
				if (void 0 === desiredClass.baseClass) return null;
				var rv = downcastPointer(ptr, ptrClass, desiredClass.baseClass);
				if (rv === null) return null;
				return desiredClass.downcast(rv);
			};
			var registeredPointers = {};
			var registeredInstances = {};
			var getBasestPointer = (class_, ptr) => {
				if (ptr === void 0) throwBindingError("ptr should not be undefined");
				while (class_.baseClass) {
					ptr = class_.upcast(ptr);
					class_ = class_.baseClass;
				}
				return ptr;
			};
			var getInheritedInstance = (class_, ptr) => {
				ptr = getBasestPointer(class_, ptr);
				return registeredInstances[ptr];
			};
			var makeClassHandle = (prototype, record) => {
				if (!record.ptrType || !record.ptr) throwInternalError("makeClassHandle requires ptr and ptrType");
				if (!!record.smartPtrType !== !!record.smartPtr) throwInternalError("Both smartPtrType and smartPtr must be specified");
				record.count = { value: 1 };
				return attachFinalizer(Object.create(prototype, { $$: {
					value: record,
					writable: true
				} }));
			};
			function RegisteredPointer_fromWireType(ptr) {
				var rawPointer = this.getPointee(ptr);
				if (!rawPointer) {
					this.destructor(ptr);
					return null;
				}
				var registeredInstance = getInheritedInstance(this.registeredClass, rawPointer);
				if (void 0 !== registeredInstance) {
					if (0 === registeredInstance.$$.count.value) {
						registeredInstance.$$.ptr = rawPointer;
						registeredInstance.$$.smartPtr = ptr;
						return registeredInstance["clone"]();
					} else {
						var rv = registeredInstance["clone"]();
						this.destructor(ptr);
						return rv;
					}
				}
				function makeDefaultHandle() {
					if (this.isSmartPointer) return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this.pointeeType,
						ptr: rawPointer,
						smartPtrType: this,
						smartPtr: ptr
					});
					else return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this,
						ptr
					});
				}
				var registeredPointerRecord = registeredPointers[this.registeredClass.getActualType(rawPointer)];
				if (!registeredPointerRecord) return makeDefaultHandle.call(this);
				var toType;
				if (this.isConst) toType = registeredPointerRecord.constPointerType;
				else toType = registeredPointerRecord.pointerType;
				var dp = downcastPointer(rawPointer, this.registeredClass, toType.registeredClass);
				if (dp === null) return makeDefaultHandle.call(this);
				if (this.isSmartPointer) return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp,
					smartPtrType: this,
					smartPtr: ptr
				});
				else return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp
				});
			}
			var attachFinalizer = (handle) => {
				if ("undefined" === typeof FinalizationRegistry) {
					attachFinalizer = (handle) => handle;
					return handle;
				}
				finalizationRegistry = new FinalizationRegistry((info) => {
					releaseClassHandle(info.$$);
				});
				attachFinalizer = (handle) => {
					var $$ = handle.$$;
					if (!!$$.smartPtr) {
						var info = { $$ };
						finalizationRegistry.register(handle, info, handle);
					}
					return handle;
				};
				detachFinalizer = (handle) => finalizationRegistry.unregister(handle);
				return attachFinalizer(handle);
			};
			var deletionQueue = [];
			var flushPendingDeletes = () => {
				while (deletionQueue.length) {
					var obj = deletionQueue.pop();
					obj.$$.deleteScheduled = false;
					obj["delete"]();
				}
			};
			var delayFunction;
			var init_ClassHandle = () => {
				Object.assign(ClassHandle.prototype, {
					isAliasOf(other) {
						if (!(this instanceof ClassHandle)) return false;
						if (!(other instanceof ClassHandle)) return false;
						var leftClass = this.$$.ptrType.registeredClass;
						var left = this.$$.ptr;
						other.$$ = other.$$;
						var rightClass = other.$$.ptrType.registeredClass;
						var right = other.$$.ptr;
						while (leftClass.baseClass) {
							left = leftClass.upcast(left);
							leftClass = leftClass.baseClass;
						}
						while (rightClass.baseClass) {
							right = rightClass.upcast(right);
							rightClass = rightClass.baseClass;
						}
						return leftClass === rightClass && left === right;
					},
					clone() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.preservePointerOnDelete) {
							this.$$.count.value += 1;
							return this;
						} else {
							var clone = attachFinalizer(Object.create(Object.getPrototypeOf(this), { $$: { value: shallowCopyInternalPointer(this.$$) } }));
							clone.$$.count.value += 1;
							clone.$$.deleteScheduled = false;
							return clone;
						}
					},
					delete() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						detachFinalizer(this);
						releaseClassHandle(this.$$);
						if (!this.$$.preservePointerOnDelete) {
							this.$$.smartPtr = void 0;
							this.$$.ptr = void 0;
						}
					},
					isDeleted() {
						return !this.$$.ptr;
					},
					deleteLater() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						deletionQueue.push(this);
						if (deletionQueue.length === 1 && delayFunction) delayFunction(flushPendingDeletes);
						this.$$.deleteScheduled = true;
						return this;
					}
				});
			};
			function ClassHandle() {}
			var createNamedFunction = (name, body) => Object.defineProperty(body, "name", { value: name });
			var ensureOverloadTable = (proto, methodName, humanName) => {
				if (void 0 === proto[methodName].overloadTable) {
					var prevFunc = proto[methodName];
					proto[methodName] = function(...args) {
						if (!proto[methodName].overloadTable.hasOwnProperty(args.length)) throwBindingError(`Function '${humanName}' called with an invalid number of arguments (${args.length}) - expects one of (${proto[methodName].overloadTable})!`);
						return proto[methodName].overloadTable[args.length].apply(this, args);
					};
					proto[methodName].overloadTable = [];
					proto[methodName].overloadTable[prevFunc.argCount] = prevFunc;
				}
			};
			var exposePublicSymbol = (name, value, numArguments) => {
				if (Module.hasOwnProperty(name)) {
					if (void 0 === numArguments || void 0 !== Module[name].overloadTable && void 0 !== Module[name].overloadTable[numArguments]) throwBindingError(`Cannot register public name '${name}' twice`);
					ensureOverloadTable(Module, name, name);
					if (Module[name].overloadTable.hasOwnProperty(numArguments)) throwBindingError(`Cannot register multiple overloads of a function with the same number of arguments (${numArguments})!`);
					Module[name].overloadTable[numArguments] = value;
				} else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var char_0 = 48;
			var char_9 = 57;
			var makeLegalFunctionName = (name) => {
				name = name.replace(/[^a-zA-Z0-9_]/g, "$");
				var f = name.charCodeAt(0);
				if (f >= char_0 && f <= char_9) return `_${name}`;
				return name;
			};
			function RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast) {
				this.name = name;
				this.constructor = constructor;
				this.instancePrototype = instancePrototype;
				this.rawDestructor = rawDestructor;
				this.baseClass = baseClass;
				this.getActualType = getActualType;
				this.upcast = upcast;
				this.downcast = downcast;
				this.pureVirtualFunctions = [];
			}
			var upcastPointer = (ptr, ptrClass, desiredClass) => {
				while (ptrClass !== desiredClass) {
					if (!ptrClass.upcast) throwBindingError(`Expected null or instance of ${desiredClass.name}, got an instance of ${ptrClass.name}`);
					ptr = ptrClass.upcast(ptr);
					ptrClass = ptrClass.baseClass;
				}
				return ptr;
			};
			function constNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			function genericPointerToWireType(destructors, handle) {
				var ptr;
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					if (this.isSmartPointer) {
						ptr = this.rawConstructor();
						if (destructors !== null) destructors.push(this.rawDestructor, ptr);
						return ptr;
					} else return 0;
				}
				if (!handle || !handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (!this.isConst && handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				ptr = upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
				if (this.isSmartPointer) {
					if (void 0 === handle.$$.smartPtr) throwBindingError("Passing raw pointer to smart pointer is illegal");
					switch (this.sharingPolicy) {
						case 0:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
							break;
						case 1:
							ptr = handle.$$.smartPtr;
							break;
						case 2:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else {
								var clonedHandle = handle["clone"]();
								ptr = this.rawShare(ptr, Emval.toHandle(() => clonedHandle["delete"]()));
								if (destructors !== null) destructors.push(this.rawDestructor, ptr);
							}
							break;
						default: throwBindingError("Unsupporting sharing policy");
					}
				}
				return ptr;
			}
			function nonConstNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			var init_RegisteredPointer = () => {
				Object.assign(RegisteredPointer.prototype, {
					getPointee(ptr) {
						if (this.rawGetPointee) ptr = this.rawGetPointee(ptr);
						return ptr;
					},
					destructor(ptr) {
						this.rawDestructor?.(ptr);
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					fromWireType: RegisteredPointer_fromWireType
				});
			};
			function RegisteredPointer(name, registeredClass, isReference, isConst, isSmartPointer, pointeeType, sharingPolicy, rawGetPointee, rawConstructor, rawShare, rawDestructor) {
				this.name = name;
				this.registeredClass = registeredClass;
				this.isReference = isReference;
				this.isConst = isConst;
				this.isSmartPointer = isSmartPointer;
				this.pointeeType = pointeeType;
				this.sharingPolicy = sharingPolicy;
				this.rawGetPointee = rawGetPointee;
				this.rawConstructor = rawConstructor;
				this.rawShare = rawShare;
				this.rawDestructor = rawDestructor;
				if (!isSmartPointer && registeredClass.baseClass === void 0) {
					if (isConst) {
						this["toWireType"] = constNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					} else {
						this["toWireType"] = nonConstNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					}
				} else this["toWireType"] = genericPointerToWireType;
			}
			var replacePublicSymbol = (name, value, numArguments) => {
				if (!Module.hasOwnProperty(name)) throwInternalError("Replacing nonexistent public symbol");
				if (void 0 !== Module[name].overloadTable && void 0 !== numArguments) Module[name].overloadTable[numArguments] = value;
				else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var dynCallLegacy = (sig, ptr, args) => {
				sig = sig.replace(/p/g, "i");
				var f = Module["dynCall_" + sig];
				return f(ptr, ...args);
			};
			var wasmTableMirror = [];
			var wasmTable;
			var getWasmTableEntry = (funcPtr) => {
				var func = wasmTableMirror[funcPtr];
				if (!func) {
					if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
					wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
				}
				return func;
			};
			var dynCall = (sig, ptr, args = []) => {
				if (sig.includes("j")) return dynCallLegacy(sig, ptr, args);
				return getWasmTableEntry(ptr)(...args);
			};
			var getDynCaller = (sig, ptr) => (...args) => dynCall(sig, ptr, args);
			var embind__requireFunction = (signature, rawFunction) => {
				signature = readLatin1String(signature);
				function makeDynCaller() {
					if (signature.includes("j")) return getDynCaller(signature, rawFunction);
					return getWasmTableEntry(rawFunction);
				}
				var fp = makeDynCaller();
				if (typeof fp != "function") throwBindingError(`unknown function pointer with signature ${signature}: ${rawFunction}`);
				return fp;
			};
			var extendError = (baseErrorType, errorName) => {
				var errorClass = createNamedFunction(errorName, function(message) {
					this.name = errorName;
					this.message = message;
					var stack = new Error(message).stack;
					if (stack !== void 0) this.stack = this.toString() + "\n" + stack.replace(/^Error(:[^\n]*)?\n/, "");
				});
				errorClass.prototype = Object.create(baseErrorType.prototype);
				errorClass.prototype.constructor = errorClass;
				errorClass.prototype.toString = function() {
					if (this.message === void 0) return this.name;
					else return `${this.name}: ${this.message}`;
				};
				return errorClass;
			};
			var UnboundTypeError;
			var getTypeName = (type) => {
				var ptr = ___getTypeName(type);
				var rv = readLatin1String(ptr);
				_free(ptr);
				return rv;
			};
			var throwUnboundTypeError = (message, types) => {
				var unboundTypes = [];
				var seen = {};
				function visit(type) {
					if (seen[type]) return;
					if (registeredTypes[type]) return;
					if (typeDependencies[type]) {
						typeDependencies[type].forEach(visit);
						return;
					}
					unboundTypes.push(type);
					seen[type] = true;
				}
				types.forEach(visit);
				throw new UnboundTypeError(`${message}: ` + unboundTypes.map(getTypeName).join([", "]));
			};
			var __embind_register_class = (rawType, rawPointerType, rawConstPointerType, baseClassRawType, getActualTypeSignature, getActualType, upcastSignature, upcast, downcastSignature, downcast, name, destructorSignature, rawDestructor) => {
				name = readLatin1String(name);
				getActualType = embind__requireFunction(getActualTypeSignature, getActualType);
				upcast &&= embind__requireFunction(upcastSignature, upcast);
				downcast &&= embind__requireFunction(downcastSignature, downcast);
				rawDestructor = embind__requireFunction(destructorSignature, rawDestructor);
				var legalFunctionName = makeLegalFunctionName(name);
				exposePublicSymbol(legalFunctionName, function() {
					throwUnboundTypeError(`Cannot construct ${name} due to unbound types`, [baseClassRawType]);
				});
				whenDependentTypesAreResolved([
					rawType,
					rawPointerType,
					rawConstPointerType
				], baseClassRawType ? [baseClassRawType] : [], (base) => {
					base = base[0];
					var baseClass;
					var basePrototype;
					if (baseClassRawType) {
						baseClass = base.registeredClass;
						basePrototype = baseClass.instancePrototype;
					} else basePrototype = ClassHandle.prototype;
					var constructor = createNamedFunction(name, function(...args) {
						if (Object.getPrototypeOf(this) !== instancePrototype) throw new BindingError("Use 'new' to construct " + name);
						if (void 0 === registeredClass.constructor_body) throw new BindingError(name + " has no accessible constructor");
						var body = registeredClass.constructor_body[args.length];
						if (void 0 === body) throw new BindingError(`Tried to invoke ctor of ${name} with invalid number of parameters (${args.length}) - expected (${Object.keys(registeredClass.constructor_body).toString()}) parameters instead!`);
						return body.apply(this, args);
					});
					var instancePrototype = Object.create(basePrototype, { constructor: { value: constructor } });
					constructor.prototype = instancePrototype;
					var registeredClass = new RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast);
					if (registeredClass.baseClass) {
						registeredClass.baseClass.__derivedClasses ??= [];
						registeredClass.baseClass.__derivedClasses.push(registeredClass);
					}
					var referenceConverter = new RegisteredPointer(name, registeredClass, true, false, false);
					var pointerConverter = new RegisteredPointer(name + "*", registeredClass, false, false, false);
					var constPointerConverter = new RegisteredPointer(name + " const*", registeredClass, false, true, false);
					registeredPointers[rawType] = {
						pointerType: pointerConverter,
						constPointerType: constPointerConverter
					};
					replacePublicSymbol(legalFunctionName, constructor);
					return [
						referenceConverter,
						pointerConverter,
						constPointerConverter
					];
				});
			};
			var heap32VectorToArray = (count, firstElement) => {
				var array = [];
				for (var i = 0; i < count; i++) array.push(HEAPU32[firstElement + i * 4 >> 2]);
				return array;
			};
			function usesDestructorStack(argTypes) {
				for (var i = 1; i < argTypes.length; ++i) if (argTypes[i] !== null && argTypes[i].destructorFunction === void 0) return true;
				return false;
			}
			var InvokerFunctions = {
				ftf: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn);
						return retType["fromWireType"](rv);
					};
				},
				ttfnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0) {
					return function(arg0) {
						var rv = invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0));
						return retType["fromWireType"](rv);
					};
				},
				ttfn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn, classParam["toWireType"](null, this));
						return retType["fromWireType"](rv);
					};
				},
				tffn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						invoker(fn, classParam["toWireType"](null, this));
					};
				},
				tffnnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0, argType1) {
					return function(arg0, arg1) {
						invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0), argType1["toWireType"](null, arg1));
					};
				}
			};
			function createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync) {
				const signature = [
					isClassMethodFunc ? "t" : "f",
					returns ? "t" : "f",
					isAsync ? "t" : "f"
				];
				for (let i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) {
					const arg = argTypes[i];
					let destructorSig = "";
					if (arg.destructorFunction === void 0) destructorSig = "u";
					else if (arg.destructorFunction === null) destructorSig = "n";
					else destructorSig = "t";
					signature.push(destructorSig);
				}
				return signature.join("");
			}
			function craftInvokerFunction(humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc, isAsync) {
				var argCount = argTypes.length;
				if (argCount < 2) throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
				var isClassMethodFunc = argTypes[1] !== null && classType !== null;
				var needsDestructorStack = usesDestructorStack(argTypes);
				var returns = argTypes[0].name !== "void";
				var closureArgs = [
					humanName,
					throwBindingError,
					cppInvokerFunc,
					cppTargetFunc,
					runDestructors,
					argTypes[0],
					argTypes[1]
				];
				for (var i = 0; i < argCount - 2; ++i) closureArgs.push(argTypes[i + 2]);
				if (!needsDestructorStack) {
					for (var i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) if (argTypes[i].destructorFunction !== null) closureArgs.push(argTypes[i].destructorFunction);
				}
				return createNamedFunction(humanName, InvokerFunctions[createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync)](...closureArgs));
			}
			var __embind_register_class_constructor = (rawClassType, argCount, rawArgTypesAddr, invokerSignature, invoker, rawConstructor) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				invoker = embind__requireFunction(invokerSignature, invoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `constructor ${classType.name}`;
					if (void 0 === classType.registeredClass.constructor_body) classType.registeredClass.constructor_body = [];
					if (void 0 !== classType.registeredClass.constructor_body[argCount - 1]) throw new BindingError(`Cannot register multiple constructors with identical number of parameters (${argCount - 1}) for class '${classType.name}'! Overload resolution is currently only performed using the parameter count, not actual type info!`);
					classType.registeredClass.constructor_body[argCount - 1] = () => {
						throwUnboundTypeError(`Cannot construct ${classType.name} due to unbound types`, rawArgTypes);
					};
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						argTypes.splice(1, 0, null);
						classType.registeredClass.constructor_body[argCount - 1] = craftInvokerFunction(humanName, argTypes, null, invoker, rawConstructor);
						return [];
					});
					return [];
				});
			};
			var getFunctionName = (signature) => {
				signature = signature.trim();
				const argsIndex = signature.indexOf("(");
				if (argsIndex !== -1) return signature.substr(0, argsIndex);
				else return signature;
			};
			var __embind_register_class_function = (rawClassType, methodName, argCount, rawArgTypesAddr, invokerSignature, rawInvoker, context, isPureVirtual, isAsync, isNonnullReturn) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				methodName = readLatin1String(methodName);
				methodName = getFunctionName(methodName);
				rawInvoker = embind__requireFunction(invokerSignature, rawInvoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `${classType.name}.${methodName}`;
					if (methodName.startsWith("@@")) methodName = Symbol[methodName.substring(2)];
					if (isPureVirtual) classType.registeredClass.pureVirtualFunctions.push(methodName);
					function unboundTypesHandler() {
						throwUnboundTypeError(`Cannot call ${humanName} due to unbound types`, rawArgTypes);
					}
					var proto = classType.registeredClass.instancePrototype;
					var method = proto[methodName];
					if (void 0 === method || void 0 === method.overloadTable && method.className !== classType.name && method.argCount === argCount - 2) {
						unboundTypesHandler.argCount = argCount - 2;
						unboundTypesHandler.className = classType.name;
						proto[methodName] = unboundTypesHandler;
					} else {
						ensureOverloadTable(proto, methodName, humanName);
						proto[methodName].overloadTable[argCount - 2] = unboundTypesHandler;
					}
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						var memberFunction = craftInvokerFunction(humanName, argTypes, classType, rawInvoker, context, isAsync);
						if (void 0 === proto[methodName].overloadTable) {
							memberFunction.argCount = argCount - 2;
							proto[methodName] = memberFunction;
						} else proto[methodName].overloadTable[argCount - 2] = memberFunction;
						return [];
					});
					return [];
				});
			};
			var emval_freelist = [];
			var emval_handles = [];
			var __emval_decref = (handle) => {
				if (handle > 9 && 0 === --emval_handles[handle + 1]) {
					emval_handles[handle] = void 0;
					emval_freelist.push(handle);
				}
			};
			var count_emval_handles = () => emval_handles.length / 2 - 5 - emval_freelist.length;
			var init_emval = () => {
				emval_handles.push(0, 1, void 0, 1, null, 1, true, 1, false, 1);
				Module["count_emval_handles"] = count_emval_handles;
			};
			var Emval = {
				toValue: (handle) => {
					if (!handle) throwBindingError("Cannot use deleted val. handle = " + handle);
					return emval_handles[handle];
				},
				toHandle: (value) => {
					switch (value) {
						case void 0: return 2;
						case null: return 4;
						case true: return 6;
						case false: return 8;
						default: {
							const handle = emval_freelist.pop() || emval_handles.length;
							emval_handles[handle] = value;
							emval_handles[handle + 1] = 1;
							return handle;
						}
					}
				}
			};
			var EmValType = {
				name: "emscripten::val",
				fromWireType: (handle) => {
					var rv = Emval.toValue(handle);
					__emval_decref(handle);
					return rv;
				},
				toWireType: (destructors, value) => Emval.toHandle(value),
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				destructorFunction: null
			};
			var __embind_register_emval = (rawType) => registerType(rawType, EmValType);
			var embindRepr = (v) => {
				if (v === null) return "null";
				var t = typeof v;
				if (t === "object" || t === "array" || t === "function") return v.toString();
				else return "" + v;
			};
			var floatReadValueFromPointer = (name, width) => {
				switch (width) {
					case 4: return function(pointer) {
						return this["fromWireType"](HEAPF32[pointer >> 2]);
					};
					case 8: return function(pointer) {
						return this["fromWireType"](HEAPF64[pointer >> 3]);
					};
					default: throw new TypeError(`invalid float width (${width}): ${name}`);
				}
			};
			var __embind_register_float = (rawType, name, size) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: (value) => value,
					toWireType: (destructors, value) => value,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: floatReadValueFromPointer(name, size),
					destructorFunction: null
				});
			};
			var integerReadValueFromPointer = (name, width, signed) => {
				switch (width) {
					case 1: return signed ? (pointer) => HEAP8[pointer] : (pointer) => HEAPU8[pointer];
					case 2: return signed ? (pointer) => HEAP16[pointer >> 1] : (pointer) => HEAPU16[pointer >> 1];
					case 4: return signed ? (pointer) => HEAP32[pointer >> 2] : (pointer) => HEAPU32[pointer >> 2];
					default: throw new TypeError(`invalid integer width (${width}): ${name}`);
				}
			};
			var __embind_register_integer = (primitiveType, name, size, minRange, maxRange) => {
				name = readLatin1String(name);
				if (maxRange === -1) maxRange = 4294967295;
				var fromWireType = (value) => value;
				if (minRange === 0) {
					var bitshift = 32 - 8 * size;
					fromWireType = (value) => value << bitshift >>> bitshift;
				}
				var isUnsignedType = name.includes("unsigned");
				var toWireType;
				if (isUnsignedType) toWireType = function(destructors, value) {
					this.name;
					return value >>> 0;
				};
				else toWireType = function(destructors, value) {
					this.name;
					return value;
				};
				registerType(primitiveType, {
					name,
					fromWireType,
					toWireType,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: integerReadValueFromPointer(name, size, minRange !== 0),
					destructorFunction: null
				});
			};
			var __embind_register_memory_view = (rawType, dataTypeIndex, name) => {
				var TA = [
					Int8Array,
					Uint8Array,
					Int16Array,
					Uint16Array,
					Int32Array,
					Uint32Array,
					Float32Array,
					Float64Array
				][dataTypeIndex];
				function decodeMemoryView(handle) {
					var size = HEAPU32[handle >> 2];
					var data = HEAPU32[handle + 4 >> 2];
					return new TA(HEAP8.buffer, data, size);
				}
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: decodeMemoryView,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: decodeMemoryView
				}, { ignoreDuplicateRegistrations: true });
			};
			var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
				if (!(maxBytesToWrite > 0)) return 0;
				var startIdx = outIdx;
				var endIdx = outIdx + maxBytesToWrite - 1;
				for (var i = 0; i < str.length; ++i) {
					var u = str.charCodeAt(i);
					if (u >= 55296 && u <= 57343) {
						var u1 = str.charCodeAt(++i);
						u = 65536 + ((u & 1023) << 10) | u1 & 1023;
					}
					if (u <= 127) {
						if (outIdx >= endIdx) break;
						heap[outIdx++] = u;
					} else if (u <= 2047) {
						if (outIdx + 1 >= endIdx) break;
						heap[outIdx++] = 192 | u >> 6;
						heap[outIdx++] = 128 | u & 63;
					} else if (u <= 65535) {
						if (outIdx + 2 >= endIdx) break;
						heap[outIdx++] = 224 | u >> 12;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					} else {
						if (outIdx + 3 >= endIdx) break;
						heap[outIdx++] = 240 | u >> 18;
						heap[outIdx++] = 128 | u >> 12 & 63;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					}
				}
				heap[outIdx] = 0;
				return outIdx - startIdx;
			};
			var stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
			var lengthBytesUTF8 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var c = str.charCodeAt(i);
					if (c <= 127) len++;
					else if (c <= 2047) len += 2;
					else if (c >= 55296 && c <= 57343) {
						len += 4;
						++i;
					} else len += 3;
				}
				return len;
			};
			var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
			var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead = NaN) => {
				var endIdx = idx + maxBytesToRead;
				var endPtr = idx;
				while (heapOrArray[endPtr] && !(endPtr >= endIdx)) ++endPtr;
				if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
				var str = "";
				while (idx < endPtr) {
					var u0 = heapOrArray[idx++];
					if (!(u0 & 128)) {
						str += String.fromCharCode(u0);
						continue;
					}
					var u1 = heapOrArray[idx++] & 63;
					if ((u0 & 224) == 192) {
						str += String.fromCharCode((u0 & 31) << 6 | u1);
						continue;
					}
					var u2 = heapOrArray[idx++] & 63;
					if ((u0 & 240) == 224) u0 = (u0 & 15) << 12 | u1 << 6 | u2;
					else u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
					if (u0 < 65536) str += String.fromCharCode(u0);
					else {
						var ch = u0 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					}
				}
				return str;
			};
			var UTF8ToString = (ptr, maxBytesToRead) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead) : "";
			var __embind_register_std_string = (rawType, name) => {
				name = readLatin1String(name);
				var stdStringIsUTF8 = true;
				registerType(rawType, {
					name,
					fromWireType(value) {
						var length = HEAPU32[value >> 2];
						var payload = value + 4;
						var str;
						if (stdStringIsUTF8) {
							var decodeStartPtr = payload;
							for (var i = 0; i <= length; ++i) {
								var currentBytePtr = payload + i;
								if (i == length || HEAPU8[currentBytePtr] == 0) {
									var maxRead = currentBytePtr - decodeStartPtr;
									var stringSegment = UTF8ToString(decodeStartPtr, maxRead);
									if (str === void 0) str = stringSegment;
									else {
										str += String.fromCharCode(0);
										str += stringSegment;
									}
									decodeStartPtr = currentBytePtr + 1;
								}
							}
						} else {
							var a = new Array(length);
							for (var i = 0; i < length; ++i) a[i] = String.fromCharCode(HEAPU8[payload + i]);
							str = a.join("");
						}
						_free(value);
						return str;
					},
					toWireType(destructors, value) {
						if (value instanceof ArrayBuffer) value = new Uint8Array(value);
						var length;
						var valueIsOfTypeString = typeof value == "string";
						if (!(valueIsOfTypeString || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array)) throwBindingError("Cannot pass non-string to std::string");
						if (stdStringIsUTF8 && valueIsOfTypeString) length = lengthBytesUTF8(value);
						else length = value.length;
						var base = _malloc(4 + length + 1);
						var ptr = base + 4;
						HEAPU32[base >> 2] = length;
						if (stdStringIsUTF8 && valueIsOfTypeString) stringToUTF8(value, ptr, length + 1);
						else if (valueIsOfTypeString) for (var i = 0; i < length; ++i) {
							var charCode = value.charCodeAt(i);
							if (charCode > 255) {
								_free(ptr);
								throwBindingError("String has UTF-16 code units that do not fit in 8 bits");
							}
							HEAPU8[ptr + i] = charCode;
						}
						else for (var i = 0; i < length; ++i) HEAPU8[ptr + i] = value[i];
						if (destructors !== null) destructors.push(_free, base);
						return base;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var UTF16Decoder = typeof TextDecoder != "undefined" ? new TextDecoder("utf-16le") : void 0;
			var UTF16ToString = (ptr, maxBytesToRead) => {
				var endPtr = ptr;
				var idx = endPtr >> 1;
				var maxIdx = idx + maxBytesToRead / 2;
				while (!(idx >= maxIdx) && HEAPU16[idx]) ++idx;
				endPtr = idx << 1;
				if (endPtr - ptr > 32 && UTF16Decoder) return UTF16Decoder.decode(HEAPU8.subarray(ptr, endPtr));
				var str = "";
				for (var i = 0; !(i >= maxBytesToRead / 2); ++i) {
					var codeUnit = HEAP16[ptr + i * 2 >> 1];
					if (codeUnit == 0) break;
					str += String.fromCharCode(codeUnit);
				}
				return str;
			};
			var stringToUTF16 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 2) return 0;
				maxBytesToWrite -= 2;
				var startPtr = outPtr;
				var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
				for (var i = 0; i < numCharsToWrite; ++i) {
					var codeUnit = str.charCodeAt(i);
					HEAP16[outPtr >> 1] = codeUnit;
					outPtr += 2;
				}
				HEAP16[outPtr >> 1] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF16 = (str) => str.length * 2;
			var UTF32ToString = (ptr, maxBytesToRead) => {
				var i = 0;
				var str = "";
				while (!(i >= maxBytesToRead / 4)) {
					var utf32 = HEAP32[ptr + i * 4 >> 2];
					if (utf32 == 0) break;
					++i;
					if (utf32 >= 65536) {
						var ch = utf32 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					} else str += String.fromCharCode(utf32);
				}
				return str;
			};
			var stringToUTF32 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 4) return 0;
				var startPtr = outPtr;
				var endPtr = startPtr + maxBytesToWrite - 4;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) {
						var trailSurrogate = str.charCodeAt(++i);
						codeUnit = 65536 + ((codeUnit & 1023) << 10) | trailSurrogate & 1023;
					}
					HEAP32[outPtr >> 2] = codeUnit;
					outPtr += 4;
					if (outPtr + 4 > endPtr) break;
				}
				HEAP32[outPtr >> 2] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF32 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) ++i;
					len += 4;
				}
				return len;
			};
			var __embind_register_std_wstring = (rawType, charSize, name) => {
				name = readLatin1String(name);
				var decodeString, encodeString, readCharAt, lengthBytesUTF;
				if (charSize === 2) {
					decodeString = UTF16ToString;
					encodeString = stringToUTF16;
					lengthBytesUTF = lengthBytesUTF16;
					readCharAt = (pointer) => HEAPU16[pointer >> 1];
				} else if (charSize === 4) {
					decodeString = UTF32ToString;
					encodeString = stringToUTF32;
					lengthBytesUTF = lengthBytesUTF32;
					readCharAt = (pointer) => HEAPU32[pointer >> 2];
				}
				registerType(rawType, {
					name,
					fromWireType: (value) => {
						var length = HEAPU32[value >> 2];
						var str;
						var decodeStartPtr = value + 4;
						for (var i = 0; i <= length; ++i) {
							var currentBytePtr = value + 4 + i * charSize;
							if (i == length || readCharAt(currentBytePtr) == 0) {
								var maxReadBytes = currentBytePtr - decodeStartPtr;
								var stringSegment = decodeString(decodeStartPtr, maxReadBytes);
								if (str === void 0) str = stringSegment;
								else {
									str += String.fromCharCode(0);
									str += stringSegment;
								}
								decodeStartPtr = currentBytePtr + charSize;
							}
						}
						_free(value);
						return str;
					},
					toWireType: (destructors, value) => {
						if (!(typeof value == "string")) throwBindingError(`Cannot pass non-string to C++ string type ${name}`);
						var length = lengthBytesUTF(value);
						var ptr = _malloc(4 + length + charSize);
						HEAPU32[ptr >> 2] = length / charSize;
						encodeString(value, ptr + 4, length + charSize);
						if (destructors !== null) destructors.push(_free, ptr);
						return ptr;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var __embind_register_value_object = (rawType, name, constructorSignature, rawConstructor, destructorSignature, rawDestructor) => {
				structRegistrations[rawType] = {
					name: readLatin1String(name),
					rawConstructor: embind__requireFunction(constructorSignature, rawConstructor),
					rawDestructor: embind__requireFunction(destructorSignature, rawDestructor),
					fields: []
				};
			};
			var __embind_register_value_object_field = (structType, fieldName, getterReturnType, getterSignature, getter, getterContext, setterArgumentType, setterSignature, setter, setterContext) => {
				structRegistrations[structType].fields.push({
					fieldName: readLatin1String(fieldName),
					getterReturnType,
					getter: embind__requireFunction(getterSignature, getter),
					getterContext,
					setterArgumentType,
					setter: embind__requireFunction(setterSignature, setter),
					setterContext
				});
			};
			var __embind_register_void = (rawType, name) => {
				name = readLatin1String(name);
				registerType(rawType, {
					isVoid: true,
					name,
					argPackAdvance: 0,
					fromWireType: () => void 0,
					toWireType: (destructors, o) => void 0
				});
			};
			var __emscripten_memcpy_js = (dest, src, num) => HEAPU8.copyWithin(dest, src, src + num);
			var emval_methodCallers = [];
			var __emval_call = (caller, handle, destructorsRef, args) => {
				caller = emval_methodCallers[caller];
				handle = Emval.toValue(handle);
				return caller(null, handle, destructorsRef, args);
			};
			var emval_symbols = {};
			var getStringOrSymbol = (address) => {
				var symbol = emval_symbols[address];
				if (symbol === void 0) return readLatin1String(address);
				return symbol;
			};
			var emval_get_global = () => {
				if (typeof globalThis == "object") return globalThis;
				function testGlobal(obj) {
					obj["$$$embind_global$$$"] = obj;
					var success = typeof $$$embind_global$$$ == "object" && obj["$$$embind_global$$$"] == obj;
					if (!success) delete obj["$$$embind_global$$$"];
					return success;
				}
				if (typeof $$$embind_global$$$ == "object") return $$$embind_global$$$;
				if (typeof global == "object" && testGlobal(global)) $$$embind_global$$$ = global;
				else if (typeof self == "object" && testGlobal(self)) $$$embind_global$$$ = self;
				if (typeof $$$embind_global$$$ == "object") return $$$embind_global$$$;
				throw Error("unable to get global object.");
			};
			var __emval_get_global = (name) => {
				if (name === 0) return Emval.toHandle(emval_get_global());
				else {
					name = getStringOrSymbol(name);
					return Emval.toHandle(emval_get_global()[name]);
				}
			};
			var emval_addMethodCaller = (caller) => {
				var id = emval_methodCallers.length;
				emval_methodCallers.push(caller);
				return id;
			};
			var requireRegisteredType = (rawType, humanName) => {
				var impl = registeredTypes[rawType];
				if (void 0 === impl) throwBindingError(`${humanName} has unknown type ${getTypeName(rawType)}`);
				return impl;
			};
			var emval_lookupTypes = (argCount, argTypes) => {
				var a = new Array(argCount);
				for (var i = 0; i < argCount; ++i) a[i] = requireRegisteredType(HEAPU32[argTypes + i * 4 >> 2], "parameter " + i);
				return a;
			};
			var reflectConstruct = Reflect.construct;
			var emval_returnValue = (returnType, destructorsRef, handle) => {
				var destructors = [];
				var result = returnType["toWireType"](destructors, handle);
				if (destructors.length) HEAPU32[destructorsRef >> 2] = Emval.toHandle(destructors);
				return result;
			};
			var __emval_get_method_caller = (argCount, argTypes, kind) => {
				var types = emval_lookupTypes(argCount, argTypes);
				var retType = types.shift();
				argCount--;
				var argN = new Array(argCount);
				var invokerFunction = (obj, func, destructorsRef, args) => {
					var offset = 0;
					for (var i = 0; i < argCount; ++i) {
						argN[i] = types[i]["readValueFromPointer"](args + offset);
						offset += types[i].argPackAdvance;
					}
					return emval_returnValue(retType, destructorsRef, kind === 1 ? reflectConstruct(func, argN) : func.apply(obj, argN));
				};
				return emval_addMethodCaller(createNamedFunction(`methodCaller<(${types.map((t) => t.name).join(", ")}) => ${retType.name}>`, invokerFunction));
			};
			var __emval_run_destructors = (handle) => {
				runDestructors(Emval.toValue(handle));
				__emval_decref(handle);
			};
			var __emval_take_value = (type, arg) => {
				type = requireRegisteredType(type, "_emval_take_value");
				var v = type["readValueFromPointer"](arg);
				return Emval.toHandle(v);
			};
			var getHeapMax = () => 2147483648;
			var _emscripten_get_heap_max = () => getHeapMax();
			var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
			var growMemory = (size) => {
				var pages = (size - wasmMemory.buffer.byteLength + 65535) / 65536 | 0;
				try {
					wasmMemory.grow(pages);
					updateMemoryViews();
					return 1;
				} catch (e) {}
			};
			var _emscripten_resize_heap = (requestedSize) => {
				var oldSize = HEAPU8.length;
				requestedSize >>>= 0;
				var maxHeapSize = getHeapMax();
				if (requestedSize > maxHeapSize) return false;
				for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
					var overGrownHeapSize = oldSize * (1 + .2 / cutDown);
					overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
					if (growMemory(Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536)))) return true;
				}
				return false;
			};
			var ENV = {};
			var getExecutableName = () => thisProgram || "./this.program";
			var getEnvStrings = () => {
				if (!getEnvStrings.strings) {
					var env = {
						USER: "web_user",
						LOGNAME: "web_user",
						PATH: "/",
						PWD: "/",
						HOME: "/home/web_user",
						LANG: (typeof navigator == "object" && navigator.languages && navigator.languages[0] || "C").replace("-", "_") + ".UTF-8",
						_: getExecutableName()
					};
					for (var x in ENV) if (ENV[x] === void 0) delete env[x];
					else env[x] = ENV[x];
					var strings = [];
					for (var x in env) strings.push(`${x}=${env[x]}`);
					getEnvStrings.strings = strings;
				}
				return getEnvStrings.strings;
			};
			var stringToAscii = (str, buffer) => {
				for (var i = 0; i < str.length; ++i) HEAP8[buffer++] = str.charCodeAt(i);
				HEAP8[buffer] = 0;
			};
			var _environ_get = (__environ, environ_buf) => {
				var bufSize = 0;
				getEnvStrings().forEach((string, i) => {
					var ptr = environ_buf + bufSize;
					HEAPU32[__environ + i * 4 >> 2] = ptr;
					stringToAscii(string, ptr);
					bufSize += string.length + 1;
				});
				return 0;
			};
			var _environ_sizes_get = (penviron_count, penviron_buf_size) => {
				var strings = getEnvStrings();
				HEAPU32[penviron_count >> 2] = strings.length;
				var bufSize = 0;
				strings.forEach((string) => bufSize += string.length + 1);
				HEAPU32[penviron_buf_size >> 2] = bufSize;
				return 0;
			};
			var _fd_close = (fd) => 52;
			var convertI32PairToI53Checked = (lo, hi) => hi + 2097152 >>> 0 < 4194305 - !!lo ? (lo >>> 0) + hi * 4294967296 : NaN;
			function _fd_seek(fd, offset_low, offset_high, whence, newOffset) {
				convertI32PairToI53Checked(offset_low, offset_high);
				return 70;
			}
			var printCharBuffers = [
				null,
				[],
				[]
			];
			var printChar = (stream, curr) => {
				var buffer = printCharBuffers[stream];
				if (curr === 0 || curr === 10) {
					(stream === 1 ? out : err)(UTF8ArrayToString(buffer));
					buffer.length = 0;
				} else buffer.push(curr);
			};
			var _fd_write = (fd, iov, iovcnt, pnum) => {
				var num = 0;
				for (var i = 0; i < iovcnt; i++) {
					var ptr = HEAPU32[iov >> 2];
					var len = HEAPU32[iov + 4 >> 2];
					iov += 8;
					for (var j = 0; j < len; j++) printChar(fd, HEAPU8[ptr + j]);
					num += len;
				}
				HEAPU32[pnum >> 2] = num;
				return 0;
			};
			var getCFunc = (ident) => {
				return Module["_" + ident];
			};
			var writeArrayToMemory = (array, buffer) => {
				HEAP8.set(array, buffer);
			};
			var stackAlloc = (sz) => __emscripten_stack_alloc(sz);
			var stringToUTF8OnStack = (str) => {
				var size = lengthBytesUTF8(str) + 1;
				var ret = stackAlloc(size);
				stringToUTF8(str, ret, size);
				return ret;
			};
			var ccall = (ident, returnType, argTypes, args, opts) => {
				var toC = {
					string: (str) => {
						var ret = 0;
						if (str !== null && str !== void 0 && str !== 0) ret = stringToUTF8OnStack(str);
						return ret;
					},
					array: (arr) => {
						var ret = stackAlloc(arr.length);
						writeArrayToMemory(arr, ret);
						return ret;
					}
				};
				function convertReturnValue(ret) {
					if (returnType === "string") return UTF8ToString(ret);
					if (returnType === "boolean") return Boolean(ret);
					return ret;
				}
				var func = getCFunc(ident);
				var cArgs = [];
				var stack = 0;
				if (args) for (var i = 0; i < args.length; i++) {
					var converter = toC[argTypes[i]];
					if (converter) {
						if (stack === 0) stack = stackSave();
						cArgs[i] = converter(args[i]);
					} else cArgs[i] = args[i];
				}
				var ret = func(...cArgs);
				function onDone(ret) {
					if (stack !== 0) stackRestore(stack);
					return convertReturnValue(ret);
				}
				ret = onDone(ret);
				return ret;
			};
			InternalError = Module["InternalError"] = class InternalError extends Error {
				constructor(message) {
					super(message);
					this.name = "InternalError";
				}
			};
			embind_init_charCodes();
			BindingError = Module["BindingError"] = class BindingError extends Error {
				constructor(message) {
					super(message);
					this.name = "BindingError";
				}
			};
			init_ClassHandle();
			init_RegisteredPointer();
			UnboundTypeError = Module["UnboundTypeError"] = extendError(Error, "UnboundTypeError");
			init_emval();
			var wasmImports = {
				e: ___cxa_throw,
				q: __abort_js,
				f: __embind_finalize_value_object,
				p: __embind_register_bigint,
				z: __embind_register_bool,
				n: __embind_register_class,
				m: __embind_register_class_constructor,
				b: __embind_register_class_function,
				x: __embind_register_emval,
				j: __embind_register_float,
				d: __embind_register_integer,
				a: __embind_register_memory_view,
				y: __embind_register_std_string,
				h: __embind_register_std_wstring,
				g: __embind_register_value_object,
				c: __embind_register_value_object_field,
				A: __embind_register_void,
				w: __emscripten_memcpy_js,
				C: __emval_call,
				D: __emval_decref,
				E: __emval_get_global,
				k: __emval_get_method_caller,
				B: __emval_run_destructors,
				l: __emval_take_value,
				s: _emscripten_get_heap_max,
				r: _emscripten_resize_heap,
				t: _environ_get,
				u: _environ_sizes_get,
				v: _fd_close,
				o: _fd_seek,
				i: _fd_write
			};
			var wasmExports;
			createWasm();
			var ___getTypeName = (a0) => (___getTypeName = wasmExports["H"])(a0);
			var _malloc = (a0) => (_malloc = wasmExports["J"])(a0);
			var _free = (a0) => (_free = wasmExports["K"])(a0);
			var __emscripten_stack_restore = (a0) => (__emscripten_stack_restore = wasmExports["L"])(a0);
			var __emscripten_stack_alloc = (a0) => (__emscripten_stack_alloc = wasmExports["M"])(a0);
			var _emscripten_stack_get_current = () => (_emscripten_stack_get_current = wasmExports["N"])();
			var dynCall_jji = Module["dynCall_jji"] = (a0, a1, a2, a3) => (dynCall_jji = Module["dynCall_jji"] = wasmExports["O"])(a0, a1, a2, a3);
			var dynCall_iji = Module["dynCall_iji"] = (a0, a1, a2, a3) => (dynCall_iji = Module["dynCall_iji"] = wasmExports["P"])(a0, a1, a2, a3);
			var dynCall_iiji = Module["dynCall_iiji"] = (a0, a1, a2, a3, a4) => (dynCall_iiji = Module["dynCall_iiji"] = wasmExports["Q"])(a0, a1, a2, a3, a4);
			var dynCall_jiji = Module["dynCall_jiji"] = (a0, a1, a2, a3, a4) => (dynCall_jiji = Module["dynCall_jiji"] = wasmExports["R"])(a0, a1, a2, a3, a4);
			Module["ccall"] = ccall;
			var calledRun;
			dependenciesFulfilled = function runCaller() {
				if (!calledRun) run();
				if (!calledRun) dependenciesFulfilled = runCaller;
			};
			function run() {
				if (runDependencies > 0) return;
				preRun();
				if (runDependencies > 0) return;
				function doRun() {
					if (calledRun) return;
					calledRun = true;
					Module["calledRun"] = true;
					if (ABORT) return;
					initRuntime();
					readyPromiseResolve(Module);
					Module["onRuntimeInitialized"]?.();
					postRun();
				}
				if (Module["setStatus"]) {
					Module["setStatus"]("Running...");
					setTimeout(() => {
						setTimeout(() => Module["setStatus"](""), 1);
						doRun();
					}, 1);
				} else doRun();
			}
			if (Module["preInit"]) {
				if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
				while (Module["preInit"].length > 0) Module["preInit"].pop()();
			}
			run();
			moduleRtn = readyPromise;
			return moduleRtn;
		});
	})();
	if (typeof exports === "object" && typeof module === "object") {
		module.exports = OpenJPEGWASM;
		module.exports.default = OpenJPEGWASM;
	} else if (typeof define === "function" && define["amd"]) define([], () => OpenJPEGWASM);
})))());
const openjpegWasm = new URL("/static/viewer3d/assets/openjpegwasm_decode-BP3l1OXH.wasm", "" + import.meta.url);
const local$2 = {
	codec: void 0,
	decoder: void 0,
	decodeConfig: {}
};
function initialize$2(decodeConfig) {
	local$2.decodeConfig = decodeConfig;
	setWasmBasePathFromConfig(decodeConfig);
	if (local$2.codec) return Promise.resolve();
	const openJpegModule = (0, import_openjpegwasm_decode.default)({ locateFile: (f) => {
		if (f.endsWith(".wasm")) return resolveWasmUrl("openjpegwasm_decode.wasm", openjpegWasm);
		return f;
	} });
	return new Promise((resolve, reject) => {
		openJpegModule.then((instance) => {
			local$2.codec = instance;
			local$2.decoder = new instance.J2KDecoder();
			resolve();
		}, reject);
	});
}
async function decodeAsync$2(compressedImageFrame, imageInfo) {
	await initialize$2();
	const decoder = local$2.decoder;
	const encodedBufferInWASM = decoder.getEncodedBuffer(compressedImageFrame.length);
	encodedBufferInWASM.set(compressedImageFrame);
	decoder.decode();
	const frameInfo = decoder.getFrameInfo();
	const decodedBufferInWASM = decoder.getDecodedBuffer();
	new Uint8Array(decodedBufferInWASM.length).set(decodedBufferInWASM);
	const imageOffset = `x: ${decoder.getImageOffset().x}, y: ${decoder.getImageOffset().y}`;
	const numDecompositions = decoder.getNumDecompositions();
	const numLayers = decoder.getNumLayers();
	const progessionOrder = [
		"unknown",
		"LRCP",
		"RLCP",
		"RPCL",
		"PCRL",
		"CPRL"
	][decoder.getProgressionOrder() + 1];
	const reversible = decoder.getIsReversible();
	const blockDimensions = `${decoder.getBlockDimensions().width} x ${decoder.getBlockDimensions().height}`;
	const tileSize = `${decoder.getTileSize().width} x ${decoder.getTileSize().height}`;
	const tileOffset = `${decoder.getTileOffset().x}, ${decoder.getTileOffset().y}`;
	const colorTransform = decoder.getColorSpace();
	const decodedSize = `${decodedBufferInWASM.length.toLocaleString()} bytes`;
	const compressionRatio = `${(decodedBufferInWASM.length / encodedBufferInWASM.length).toFixed(2)}:1`;
	const encodedImageInfo = {
		columns: frameInfo.width,
		rows: frameInfo.height,
		bitsPerPixel: frameInfo.bitsPerSample,
		signed: frameInfo.isSigned,
		bytesPerPixel: imageInfo.bytesPerPixel,
		componentsPerPixel: frameInfo.componentCount
	};
	const pixelData = getPixelData(frameInfo, decodedBufferInWASM);
	const encodeOptions = {
		imageOffset,
		numDecompositions,
		numLayers,
		progessionOrder,
		reversible,
		blockDimensions,
		tileSize,
		tileOffset,
		colorTransform,
		decodedSize,
		compressionRatio
	};
	return {
		...imageInfo,
		pixelData,
		imageInfo: encodedImageInfo,
		encodeOptions,
		...encodeOptions,
		...encodedImageInfo
	};
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeHTJ2K.js
var import_openjphjs = /* @__PURE__ */ __toESM((/* @__PURE__ */ __commonJSMin(((exports, module) => {
	var Module = (() => {
		var _scriptName = typeof document != "undefined" ? document.currentScript?.src : void 0;
		if (typeof __filename != "undefined") _scriptName = _scriptName || __filename;
		return (function(moduleArg = {}) {
			var moduleRtn;
			var Module = moduleArg;
			var readyPromiseResolve, readyPromiseReject;
			var readyPromise = new Promise((resolve, reject) => {
				readyPromiseResolve = resolve;
				readyPromiseReject = reject;
			});
			var ENVIRONMENT_IS_WEB = typeof window == "object";
			var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
			var ENVIRONMENT_IS_NODE = typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type != "renderer";
			if (ENVIRONMENT_IS_NODE) {}
			var moduleOverrides = Object.assign({}, Module);
			var scriptDirectory = "";
			function locateFile(path) {
				if (Module["locateFile"]) return Module["locateFile"](path, scriptDirectory);
				return scriptDirectory + path;
			}
			var readAsync, readBinary;
			if (ENVIRONMENT_IS_NODE) {
				var fs = require___vite_browser_external();
				require___vite_browser_external();
				scriptDirectory = __dirname + "/";
				readBinary = (filename) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename);
				};
				readAsync = async (filename, binary = true) => {
					filename = isFileURI(filename) ? new URL(filename) : filename;
					return fs.readFileSync(filename, binary ? void 0 : "utf8");
				};
				if (!Module["thisProgram"] && process.argv.length > 1) process.argv[1].replace(/\\/g, "/");
				process.argv.slice(2);
			} else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
				if (ENVIRONMENT_IS_WORKER) scriptDirectory = self.location.href;
				else if (typeof document != "undefined" && document.currentScript) scriptDirectory = document.currentScript.src;
				if (_scriptName) scriptDirectory = _scriptName;
				if (scriptDirectory.startsWith("blob:")) scriptDirectory = "";
				else scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
				if (ENVIRONMENT_IS_WORKER) readBinary = (url) => {
					var xhr = new XMLHttpRequest();
					xhr.open("GET", url, false);
					xhr.responseType = "arraybuffer";
					xhr.send(null);
					return new Uint8Array(xhr.response);
				};
				readAsync = async (url) => {
					if (isFileURI(url)) return new Promise((resolve, reject) => {
						var xhr = new XMLHttpRequest();
						xhr.open("GET", url, true);
						xhr.responseType = "arraybuffer";
						xhr.onload = () => {
							if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
								resolve(xhr.response);
								return;
							}
							reject(xhr.status);
						};
						xhr.onerror = reject;
						xhr.send(null);
					});
					var response = await fetch(url, { credentials: "same-origin" });
					if (response.ok) return response.arrayBuffer();
					throw new Error(response.status + " : " + response.url);
				};
			}
			var out = Module["print"] || console.log.bind(console);
			var err = Module["printErr"] || console.error.bind(console);
			Object.assign(Module, moduleOverrides);
			moduleOverrides = null;
			if (Module["arguments"]) Module["arguments"];
			if (Module["thisProgram"]) Module["thisProgram"];
			var wasmBinary = Module["wasmBinary"];
			var wasmMemory;
			var ABORT = false;
			var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
			function updateMemoryViews() {
				var b = wasmMemory.buffer;
				Module["HEAP8"] = HEAP8 = new Int8Array(b);
				Module["HEAP16"] = HEAP16 = new Int16Array(b);
				Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
				Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
				Module["HEAP32"] = HEAP32 = new Int32Array(b);
				Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
				Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
				Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
			}
			var __ATPRERUN__ = [];
			var __ATINIT__ = [];
			var __ATPOSTRUN__ = [];
			function preRun() {
				if (Module["preRun"]) {
					if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
					while (Module["preRun"].length) addOnPreRun(Module["preRun"].shift());
				}
				callRuntimeCallbacks(__ATPRERUN__);
			}
			function initRuntime() {
				callRuntimeCallbacks(__ATINIT__);
			}
			function postRun() {
				if (Module["postRun"]) {
					if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
					while (Module["postRun"].length) addOnPostRun(Module["postRun"].shift());
				}
				callRuntimeCallbacks(__ATPOSTRUN__);
			}
			function addOnPreRun(cb) {
				__ATPRERUN__.unshift(cb);
			}
			function addOnInit(cb) {
				__ATINIT__.unshift(cb);
			}
			function addOnPostRun(cb) {
				__ATPOSTRUN__.unshift(cb);
			}
			var runDependencies = 0;
			var dependenciesFulfilled = null;
			function addRunDependency(id) {
				runDependencies++;
				Module["monitorRunDependencies"]?.(runDependencies);
			}
			function removeRunDependency(id) {
				runDependencies--;
				Module["monitorRunDependencies"]?.(runDependencies);
				if (runDependencies == 0) {
					if (dependenciesFulfilled) {
						var callback = dependenciesFulfilled;
						dependenciesFulfilled = null;
						callback();
					}
				}
			}
			function abort(what) {
				Module["onAbort"]?.(what);
				what = "Aborted(" + what + ")";
				err(what);
				ABORT = true;
				what += ". Build with -sASSERTIONS for more info.";
				var e = new WebAssembly.RuntimeError(what);
				readyPromiseReject(e);
				throw e;
			}
			var dataURIPrefix = "data:application/octet-stream;base64,";
			var isDataURI = (filename) => filename.startsWith(dataURIPrefix);
			var isFileURI = (filename) => filename.startsWith("file://");
			function findWasmBinary() {
				var f = "openjphjs.wasm";
				if (!isDataURI(f)) return locateFile(f);
				return f;
			}
			var wasmBinaryFile;
			function getBinarySync(file) {
				if (file == wasmBinaryFile && wasmBinary) return new Uint8Array(wasmBinary);
				if (readBinary) return readBinary(file);
				throw "both async and sync fetching of the wasm failed";
			}
			async function getWasmBinary(binaryFile) {
				if (!wasmBinary) try {
					var response = await readAsync(binaryFile);
					return new Uint8Array(response);
				} catch {}
				return getBinarySync(binaryFile);
			}
			async function instantiateArrayBuffer(binaryFile, imports) {
				try {
					var binary = await getWasmBinary(binaryFile);
					return await WebAssembly.instantiate(binary, imports);
				} catch (reason) {
					err(`failed to asynchronously prepare wasm: ${reason}`);
					abort(reason);
				}
			}
			async function instantiateAsync(binary, binaryFile, imports) {
				if (!binary && typeof WebAssembly.instantiateStreaming == "function" && !isDataURI(binaryFile) && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE && typeof fetch == "function") try {
					var response = fetch(binaryFile, { credentials: "same-origin" });
					return await WebAssembly.instantiateStreaming(response, imports);
				} catch (reason) {
					err(`wasm streaming compile failed: ${reason}`);
					err("falling back to ArrayBuffer instantiation");
				}
				return instantiateArrayBuffer(binaryFile, imports);
			}
			function getWasmImports() {
				return { a: wasmImports };
			}
			async function createWasm() {
				function receiveInstance(instance, module) {
					wasmExports = instance.exports;
					wasmMemory = wasmExports["R"];
					updateMemoryViews();
					wasmTable = wasmExports["U"];
					addOnInit(wasmExports["S"]);
					removeRunDependency("wasm-instantiate");
					return wasmExports;
				}
				addRunDependency("wasm-instantiate");
				function receiveInstantiationResult(result) {
					receiveInstance(result["instance"]);
				}
				var info = getWasmImports();
				if (Module["instantiateWasm"]) try {
					return Module["instantiateWasm"](info, receiveInstance);
				} catch (e) {
					err(`Module.instantiateWasm callback failed with error: ${e}`);
					readyPromiseReject(e);
				}
				wasmBinaryFile ??= findWasmBinary();
				try {
					var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
					receiveInstantiationResult(result);
					return result;
				} catch (e) {
					readyPromiseReject(e);
					return;
				}
			}
			var callRuntimeCallbacks = (callbacks) => {
				while (callbacks.length > 0) callbacks.shift()(Module);
			};
			Module["noExitRuntime"];
			var stackRestore = (val) => __emscripten_stack_restore(val);
			var stackSave = () => _emscripten_stack_get_current();
			var exceptionCaught = [];
			var uncaughtExceptionCount = 0;
			var ___cxa_begin_catch = (ptr) => {
				var info = new ExceptionInfo(ptr);
				if (!info.get_caught()) {
					info.set_caught(true);
					uncaughtExceptionCount--;
				}
				info.set_rethrown(false);
				exceptionCaught.push(info);
				___cxa_increment_exception_refcount(ptr);
				return ___cxa_get_exception_ptr(ptr);
			};
			var exceptionLast = 0;
			var ___cxa_end_catch = () => {
				_setThrew(0, 0);
				var info = exceptionCaught.pop();
				___cxa_decrement_exception_refcount(info.excPtr);
				exceptionLast = 0;
			};
			class ExceptionInfo {
				constructor(excPtr) {
					this.excPtr = excPtr;
					this.ptr = excPtr - 24;
				}
				set_type(type) {
					HEAPU32[this.ptr + 4 >> 2] = type;
				}
				get_type() {
					return HEAPU32[this.ptr + 4 >> 2];
				}
				set_destructor(destructor) {
					HEAPU32[this.ptr + 8 >> 2] = destructor;
				}
				get_destructor() {
					return HEAPU32[this.ptr + 8 >> 2];
				}
				set_caught(caught) {
					caught = caught ? 1 : 0;
					HEAP8[this.ptr + 12] = caught;
				}
				get_caught() {
					return HEAP8[this.ptr + 12] != 0;
				}
				set_rethrown(rethrown) {
					rethrown = rethrown ? 1 : 0;
					HEAP8[this.ptr + 13] = rethrown;
				}
				get_rethrown() {
					return HEAP8[this.ptr + 13] != 0;
				}
				init(type, destructor) {
					this.set_adjusted_ptr(0);
					this.set_type(type);
					this.set_destructor(destructor);
				}
				set_adjusted_ptr(adjustedPtr) {
					HEAPU32[this.ptr + 16 >> 2] = adjustedPtr;
				}
				get_adjusted_ptr() {
					return HEAPU32[this.ptr + 16 >> 2];
				}
			}
			var ___resumeException = (ptr) => {
				if (!exceptionLast) exceptionLast = ptr;
				throw exceptionLast;
			};
			var setTempRet0 = (val) => __emscripten_tempret_set(val);
			var findMatchingCatch = (args) => {
				var thrown = exceptionLast;
				if (!thrown) {
					setTempRet0(0);
					return 0;
				}
				var info = new ExceptionInfo(thrown);
				info.set_adjusted_ptr(thrown);
				var thrownType = info.get_type();
				if (!thrownType) {
					setTempRet0(0);
					return thrown;
				}
				for (var caughtType of args) {
					if (caughtType === 0 || caughtType === thrownType) break;
					var adjusted_ptr_addr = info.ptr + 16;
					if (___cxa_can_catch(caughtType, thrownType, adjusted_ptr_addr)) {
						setTempRet0(caughtType);
						return thrown;
					}
				}
				setTempRet0(thrownType);
				return thrown;
			};
			var ___cxa_find_matching_catch_2 = () => findMatchingCatch([]);
			var ___cxa_find_matching_catch_3 = (arg0) => findMatchingCatch([arg0]);
			var ___cxa_find_matching_catch_5 = (arg0, arg1, arg2) => findMatchingCatch([
				arg0,
				arg1,
				arg2
			]);
			var ___cxa_rethrow = () => {
				var info = exceptionCaught.pop();
				if (!info) abort("no exception to throw");
				var ptr = info.excPtr;
				if (!info.get_rethrown()) {
					exceptionCaught.push(info);
					info.set_rethrown(true);
					info.set_caught(false);
					uncaughtExceptionCount++;
				}
				exceptionLast = ptr;
				throw exceptionLast;
			};
			var ___cxa_throw = (ptr, type, destructor) => {
				new ExceptionInfo(ptr).init(type, destructor);
				exceptionLast = ptr;
				uncaughtExceptionCount++;
				throw exceptionLast;
			};
			var __abort_js = () => abort("");
			var structRegistrations = {};
			var runDestructors = (destructors) => {
				while (destructors.length) {
					var ptr = destructors.pop();
					destructors.pop()(ptr);
				}
			};
			function readPointer(pointer) {
				return this["fromWireType"](HEAPU32[pointer >> 2]);
			}
			var awaitingDependencies = {};
			var registeredTypes = {};
			var typeDependencies = {};
			var InternalError;
			var throwInternalError = (message) => {
				throw new InternalError(message);
			};
			var whenDependentTypesAreResolved = (myTypes, dependentTypes, getTypeConverters) => {
				myTypes.forEach((type) => typeDependencies[type] = dependentTypes);
				function onComplete(typeConverters) {
					var myTypeConverters = getTypeConverters(typeConverters);
					if (myTypeConverters.length !== myTypes.length) throwInternalError("Mismatched type converter count");
					for (var i = 0; i < myTypes.length; ++i) registerType(myTypes[i], myTypeConverters[i]);
				}
				var typeConverters = new Array(dependentTypes.length);
				var unregisteredTypes = [];
				var registered = 0;
				dependentTypes.forEach((dt, i) => {
					if (registeredTypes.hasOwnProperty(dt)) typeConverters[i] = registeredTypes[dt];
					else {
						unregisteredTypes.push(dt);
						if (!awaitingDependencies.hasOwnProperty(dt)) awaitingDependencies[dt] = [];
						awaitingDependencies[dt].push(() => {
							typeConverters[i] = registeredTypes[dt];
							++registered;
							if (registered === unregisteredTypes.length) onComplete(typeConverters);
						});
					}
				});
				if (0 === unregisteredTypes.length) onComplete(typeConverters);
			};
			var __embind_finalize_value_object = (structType) => {
				var reg = structRegistrations[structType];
				delete structRegistrations[structType];
				var rawConstructor = reg.rawConstructor;
				var rawDestructor = reg.rawDestructor;
				var fieldRecords = reg.fields;
				var fieldTypes = fieldRecords.map((field) => field.getterReturnType).concat(fieldRecords.map((field) => field.setterArgumentType));
				whenDependentTypesAreResolved([structType], fieldTypes, (fieldTypes) => {
					var fields = {};
					fieldRecords.forEach((field, i) => {
						var fieldName = field.fieldName;
						var getterReturnType = fieldTypes[i];
						var getter = field.getter;
						var getterContext = field.getterContext;
						var setterArgumentType = fieldTypes[i + fieldRecords.length];
						var setter = field.setter;
						var setterContext = field.setterContext;
						fields[fieldName] = {
							read: (ptr) => getterReturnType["fromWireType"](getter(getterContext, ptr)),
							write: (ptr, o) => {
								var destructors = [];
								setter(setterContext, ptr, setterArgumentType["toWireType"](destructors, o));
								runDestructors(destructors);
							}
						};
					});
					return [{
						name: reg.name,
						fromWireType: (ptr) => {
							var rv = {};
							for (var i in fields) rv[i] = fields[i].read(ptr);
							rawDestructor(ptr);
							return rv;
						},
						toWireType: (destructors, o) => {
							for (var fieldName in fields) if (!(fieldName in o)) throw new TypeError(`Missing field: "${fieldName}"`);
							var ptr = rawConstructor();
							for (fieldName in fields) fields[fieldName].write(ptr, o[fieldName]);
							if (destructors !== null) destructors.push(rawDestructor, ptr);
							return ptr;
						},
						argPackAdvance: GenericWireTypeSize,
						readValueFromPointer: readPointer,
						destructorFunction: rawDestructor
					}];
				});
			};
			var __embind_register_bigint = (primitiveType, name, size, minRange, maxRange) => {};
			var embind_init_charCodes = () => {
				var codes = new Array(256);
				for (var i = 0; i < 256; ++i) codes[i] = String.fromCharCode(i);
				embind_charCodes = codes;
			};
			var embind_charCodes;
			var readLatin1String = (ptr) => {
				var ret = "";
				var c = ptr;
				while (HEAPU8[c]) ret += embind_charCodes[HEAPU8[c++]];
				return ret;
			};
			var BindingError;
			var throwBindingError = (message) => {
				throw new BindingError(message);
			};
			function sharedRegisterType(rawType, registeredInstance, options = {}) {
				var name = registeredInstance.name;
				if (!rawType) throwBindingError(`type "${name}" must have a positive integer typeid pointer`);
				if (registeredTypes.hasOwnProperty(rawType)) {
					if (options.ignoreDuplicateRegistrations) return;
					else throwBindingError(`Cannot register type '${name}' twice`);
				}
				registeredTypes[rawType] = registeredInstance;
				delete typeDependencies[rawType];
				if (awaitingDependencies.hasOwnProperty(rawType)) {
					var callbacks = awaitingDependencies[rawType];
					delete awaitingDependencies[rawType];
					callbacks.forEach((cb) => cb());
				}
			}
			function registerType(rawType, registeredInstance, options = {}) {
				return sharedRegisterType(rawType, registeredInstance, options);
			}
			var GenericWireTypeSize = 8;
			var __embind_register_bool = (rawType, name, trueValue, falseValue) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: function(wt) {
						return !!wt;
					},
					toWireType: function(destructors, o) {
						return o ? trueValue : falseValue;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: function(pointer) {
						return this["fromWireType"](HEAPU8[pointer]);
					},
					destructorFunction: null
				});
			};
			var shallowCopyInternalPointer = (o) => ({
				count: o.count,
				deleteScheduled: o.deleteScheduled,
				preservePointerOnDelete: o.preservePointerOnDelete,
				ptr: o.ptr,
				ptrType: o.ptrType,
				smartPtr: o.smartPtr,
				smartPtrType: o.smartPtrType
			});
			var throwInstanceAlreadyDeleted = (obj) => {
				function getInstanceTypeName(handle) {
					return handle.$$.ptrType.registeredClass.name;
				}
				throwBindingError(getInstanceTypeName(obj) + " instance already deleted");
			};
			var finalizationRegistry = false;
			var detachFinalizer = (handle) => {};
			var runDestructor = ($$) => {
				if ($$.smartPtr) $$.smartPtrType.rawDestructor($$.smartPtr);
				else $$.ptrType.registeredClass.rawDestructor($$.ptr);
			};
			var releaseClassHandle = ($$) => {
				$$.count.value -= 1;
				if (0 === $$.count.value) runDestructor($$);
			};
			var downcastPointer = (ptr, ptrClass, desiredClass) => {
				if (ptrClass === desiredClass) return ptr;
				if (void 0 === desiredClass.baseClass) return null;
				var rv = downcastPointer(ptr, ptrClass, desiredClass.baseClass);
				if (rv === null) return null;
				return desiredClass.downcast(rv);
			};
			var registeredPointers = {};
			var registeredInstances = {};
			var getBasestPointer = (class_, ptr) => {
				if (ptr === void 0) throwBindingError("ptr should not be undefined");
				while (class_.baseClass) {
					ptr = class_.upcast(ptr);
					class_ = class_.baseClass;
				}
				return ptr;
			};
			var getInheritedInstance = (class_, ptr) => {
				ptr = getBasestPointer(class_, ptr);
				return registeredInstances[ptr];
			};
			var makeClassHandle = (prototype, record) => {
				if (!record.ptrType || !record.ptr) throwInternalError("makeClassHandle requires ptr and ptrType");
				if (!!record.smartPtrType !== !!record.smartPtr) throwInternalError("Both smartPtrType and smartPtr must be specified");
				record.count = { value: 1 };
				return attachFinalizer(Object.create(prototype, { $$: {
					value: record,
					writable: true
				} }));
			};
			function RegisteredPointer_fromWireType(ptr) {
				var rawPointer = this.getPointee(ptr);
				if (!rawPointer) {
					this.destructor(ptr);
					return null;
				}
				var registeredInstance = getInheritedInstance(this.registeredClass, rawPointer);
				if (void 0 !== registeredInstance) {
					if (0 === registeredInstance.$$.count.value) {
						registeredInstance.$$.ptr = rawPointer;
						registeredInstance.$$.smartPtr = ptr;
						return registeredInstance["clone"]();
					} else {
						var rv = registeredInstance["clone"]();
						this.destructor(ptr);
						return rv;
					}
				}
				function makeDefaultHandle() {
					if (this.isSmartPointer) return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this.pointeeType,
						ptr: rawPointer,
						smartPtrType: this,
						smartPtr: ptr
					});
					else return makeClassHandle(this.registeredClass.instancePrototype, {
						ptrType: this,
						ptr
					});
				}
				var registeredPointerRecord = registeredPointers[this.registeredClass.getActualType(rawPointer)];
				if (!registeredPointerRecord) return makeDefaultHandle.call(this);
				var toType;
				if (this.isConst) toType = registeredPointerRecord.constPointerType;
				else toType = registeredPointerRecord.pointerType;
				var dp = downcastPointer(rawPointer, this.registeredClass, toType.registeredClass);
				if (dp === null) return makeDefaultHandle.call(this);
				if (this.isSmartPointer) return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp,
					smartPtrType: this,
					smartPtr: ptr
				});
				else return makeClassHandle(toType.registeredClass.instancePrototype, {
					ptrType: toType,
					ptr: dp
				});
			}
			var attachFinalizer = (handle) => {
				if ("undefined" === typeof FinalizationRegistry) {
					attachFinalizer = (handle) => handle;
					return handle;
				}
				finalizationRegistry = new FinalizationRegistry((info) => {
					releaseClassHandle(info.$$);
				});
				attachFinalizer = (handle) => {
					var $$ = handle.$$;
					if (!!$$.smartPtr) {
						var info = { $$ };
						finalizationRegistry.register(handle, info, handle);
					}
					return handle;
				};
				detachFinalizer = (handle) => finalizationRegistry.unregister(handle);
				return attachFinalizer(handle);
			};
			var deletionQueue = [];
			var flushPendingDeletes = () => {
				while (deletionQueue.length) {
					var obj = deletionQueue.pop();
					obj.$$.deleteScheduled = false;
					obj["delete"]();
				}
			};
			var delayFunction;
			var init_ClassHandle = () => {
				Object.assign(ClassHandle.prototype, {
					isAliasOf(other) {
						if (!(this instanceof ClassHandle)) return false;
						if (!(other instanceof ClassHandle)) return false;
						var leftClass = this.$$.ptrType.registeredClass;
						var left = this.$$.ptr;
						other.$$ = other.$$;
						var rightClass = other.$$.ptrType.registeredClass;
						var right = other.$$.ptr;
						while (leftClass.baseClass) {
							left = leftClass.upcast(left);
							leftClass = leftClass.baseClass;
						}
						while (rightClass.baseClass) {
							right = rightClass.upcast(right);
							rightClass = rightClass.baseClass;
						}
						return leftClass === rightClass && left === right;
					},
					clone() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.preservePointerOnDelete) {
							this.$$.count.value += 1;
							return this;
						} else {
							var clone = attachFinalizer(Object.create(Object.getPrototypeOf(this), { $$: { value: shallowCopyInternalPointer(this.$$) } }));
							clone.$$.count.value += 1;
							clone.$$.deleteScheduled = false;
							return clone;
						}
					},
					delete() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						detachFinalizer(this);
						releaseClassHandle(this.$$);
						if (!this.$$.preservePointerOnDelete) {
							this.$$.smartPtr = void 0;
							this.$$.ptr = void 0;
						}
					},
					isDeleted() {
						return !this.$$.ptr;
					},
					deleteLater() {
						if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
						if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
						deletionQueue.push(this);
						if (deletionQueue.length === 1 && delayFunction) delayFunction(flushPendingDeletes);
						this.$$.deleteScheduled = true;
						return this;
					}
				});
			};
			function ClassHandle() {}
			var createNamedFunction = (name, body) => Object.defineProperty(body, "name", { value: name });
			var ensureOverloadTable = (proto, methodName, humanName) => {
				if (void 0 === proto[methodName].overloadTable) {
					var prevFunc = proto[methodName];
					proto[methodName] = function(...args) {
						if (!proto[methodName].overloadTable.hasOwnProperty(args.length)) throwBindingError(`Function '${humanName}' called with an invalid number of arguments (${args.length}) - expects one of (${proto[methodName].overloadTable})!`);
						return proto[methodName].overloadTable[args.length].apply(this, args);
					};
					proto[methodName].overloadTable = [];
					proto[methodName].overloadTable[prevFunc.argCount] = prevFunc;
				}
			};
			var exposePublicSymbol = (name, value, numArguments) => {
				if (Module.hasOwnProperty(name)) {
					if (void 0 === numArguments || void 0 !== Module[name].overloadTable && void 0 !== Module[name].overloadTable[numArguments]) throwBindingError(`Cannot register public name '${name}' twice`);
					ensureOverloadTable(Module, name, name);
					if (Module[name].overloadTable.hasOwnProperty(numArguments)) throwBindingError(`Cannot register multiple overloads of a function with the same number of arguments (${numArguments})!`);
					Module[name].overloadTable[numArguments] = value;
				} else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var char_0 = 48;
			var char_9 = 57;
			var makeLegalFunctionName = (name) => {
				name = name.replace(/[^a-zA-Z0-9_]/g, "$");
				var f = name.charCodeAt(0);
				if (f >= char_0 && f <= char_9) return `_${name}`;
				return name;
			};
			function RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast) {
				this.name = name;
				this.constructor = constructor;
				this.instancePrototype = instancePrototype;
				this.rawDestructor = rawDestructor;
				this.baseClass = baseClass;
				this.getActualType = getActualType;
				this.upcast = upcast;
				this.downcast = downcast;
				this.pureVirtualFunctions = [];
			}
			var upcastPointer = (ptr, ptrClass, desiredClass) => {
				while (ptrClass !== desiredClass) {
					if (!ptrClass.upcast) throwBindingError(`Expected null or instance of ${desiredClass.name}, got an instance of ${ptrClass.name}`);
					ptr = ptrClass.upcast(ptr);
					ptrClass = ptrClass.baseClass;
				}
				return ptr;
			};
			function constNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			function genericPointerToWireType(destructors, handle) {
				var ptr;
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					if (this.isSmartPointer) {
						ptr = this.rawConstructor();
						if (destructors !== null) destructors.push(this.rawDestructor, ptr);
						return ptr;
					} else return 0;
				}
				if (!handle || !handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (!this.isConst && handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				ptr = upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
				if (this.isSmartPointer) {
					if (void 0 === handle.$$.smartPtr) throwBindingError("Passing raw pointer to smart pointer is illegal");
					switch (this.sharingPolicy) {
						case 0:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
							break;
						case 1:
							ptr = handle.$$.smartPtr;
							break;
						case 2:
							if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
							else {
								var clonedHandle = handle["clone"]();
								ptr = this.rawShare(ptr, Emval.toHandle(() => clonedHandle["delete"]()));
								if (destructors !== null) destructors.push(this.rawDestructor, ptr);
							}
							break;
						default: throwBindingError("Unsupporting sharing policy");
					}
				}
				return ptr;
			}
			function nonConstNoSmartPtrRawPointerToWireType(destructors, handle) {
				if (handle === null) {
					if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
					return 0;
				}
				if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
				if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
				if (handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.ptrType.name} to parameter type ${this.name}`);
				var handleClass = handle.$$.ptrType.registeredClass;
				return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			}
			var init_RegisteredPointer = () => {
				Object.assign(RegisteredPointer.prototype, {
					getPointee(ptr) {
						if (this.rawGetPointee) ptr = this.rawGetPointee(ptr);
						return ptr;
					},
					destructor(ptr) {
						this.rawDestructor?.(ptr);
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					fromWireType: RegisteredPointer_fromWireType
				});
			};
			function RegisteredPointer(name, registeredClass, isReference, isConst, isSmartPointer, pointeeType, sharingPolicy, rawGetPointee, rawConstructor, rawShare, rawDestructor) {
				this.name = name;
				this.registeredClass = registeredClass;
				this.isReference = isReference;
				this.isConst = isConst;
				this.isSmartPointer = isSmartPointer;
				this.pointeeType = pointeeType;
				this.sharingPolicy = sharingPolicy;
				this.rawGetPointee = rawGetPointee;
				this.rawConstructor = rawConstructor;
				this.rawShare = rawShare;
				this.rawDestructor = rawDestructor;
				if (!isSmartPointer && registeredClass.baseClass === void 0) {
					if (isConst) {
						this["toWireType"] = constNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					} else {
						this["toWireType"] = nonConstNoSmartPtrRawPointerToWireType;
						this.destructorFunction = null;
					}
				} else this["toWireType"] = genericPointerToWireType;
			}
			var replacePublicSymbol = (name, value, numArguments) => {
				if (!Module.hasOwnProperty(name)) throwInternalError("Replacing nonexistent public symbol");
				if (void 0 !== Module[name].overloadTable && void 0 !== numArguments) Module[name].overloadTable[numArguments] = value;
				else {
					Module[name] = value;
					Module[name].argCount = numArguments;
				}
			};
			var dynCallLegacy = (sig, ptr, args) => {
				sig = sig.replace(/p/g, "i");
				var f = Module["dynCall_" + sig];
				return f(ptr, ...args);
			};
			var wasmTableMirror = [];
			var wasmTable;
			var getWasmTableEntry = (funcPtr) => {
				var func = wasmTableMirror[funcPtr];
				if (!func) {
					if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
					wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
				}
				return func;
			};
			var dynCall = (sig, ptr, args = []) => {
				if (sig.includes("j")) return dynCallLegacy(sig, ptr, args);
				return getWasmTableEntry(ptr)(...args);
			};
			var getDynCaller = (sig, ptr) => (...args) => dynCall(sig, ptr, args);
			var embind__requireFunction = (signature, rawFunction) => {
				signature = readLatin1String(signature);
				function makeDynCaller() {
					if (signature.includes("j")) return getDynCaller(signature, rawFunction);
					return getWasmTableEntry(rawFunction);
				}
				var fp = makeDynCaller();
				if (typeof fp != "function") throwBindingError(`unknown function pointer with signature ${signature}: ${rawFunction}`);
				return fp;
			};
			var extendError = (baseErrorType, errorName) => {
				var errorClass = createNamedFunction(errorName, function(message) {
					this.name = errorName;
					this.message = message;
					var stack = new Error(message).stack;
					if (stack !== void 0) this.stack = this.toString() + "\n" + stack.replace(/^Error(:[^\n]*)?\n/, "");
				});
				errorClass.prototype = Object.create(baseErrorType.prototype);
				errorClass.prototype.constructor = errorClass;
				errorClass.prototype.toString = function() {
					if (this.message === void 0) return this.name;
					else return `${this.name}: ${this.message}`;
				};
				return errorClass;
			};
			var UnboundTypeError;
			var getTypeName = (type) => {
				var ptr = ___getTypeName(type);
				var rv = readLatin1String(ptr);
				_free(ptr);
				return rv;
			};
			var throwUnboundTypeError = (message, types) => {
				var unboundTypes = [];
				var seen = {};
				function visit(type) {
					if (seen[type]) return;
					if (registeredTypes[type]) return;
					if (typeDependencies[type]) {
						typeDependencies[type].forEach(visit);
						return;
					}
					unboundTypes.push(type);
					seen[type] = true;
				}
				types.forEach(visit);
				throw new UnboundTypeError(`${message}: ` + unboundTypes.map(getTypeName).join([", "]));
			};
			var __embind_register_class = (rawType, rawPointerType, rawConstPointerType, baseClassRawType, getActualTypeSignature, getActualType, upcastSignature, upcast, downcastSignature, downcast, name, destructorSignature, rawDestructor) => {
				name = readLatin1String(name);
				getActualType = embind__requireFunction(getActualTypeSignature, getActualType);
				upcast &&= embind__requireFunction(upcastSignature, upcast);
				downcast &&= embind__requireFunction(downcastSignature, downcast);
				rawDestructor = embind__requireFunction(destructorSignature, rawDestructor);
				var legalFunctionName = makeLegalFunctionName(name);
				exposePublicSymbol(legalFunctionName, function() {
					throwUnboundTypeError(`Cannot construct ${name} due to unbound types`, [baseClassRawType]);
				});
				whenDependentTypesAreResolved([
					rawType,
					rawPointerType,
					rawConstPointerType
				], baseClassRawType ? [baseClassRawType] : [], (base) => {
					base = base[0];
					var baseClass;
					var basePrototype;
					if (baseClassRawType) {
						baseClass = base.registeredClass;
						basePrototype = baseClass.instancePrototype;
					} else basePrototype = ClassHandle.prototype;
					var constructor = createNamedFunction(name, function(...args) {
						if (Object.getPrototypeOf(this) !== instancePrototype) throw new BindingError("Use 'new' to construct " + name);
						if (void 0 === registeredClass.constructor_body) throw new BindingError(name + " has no accessible constructor");
						var body = registeredClass.constructor_body[args.length];
						if (void 0 === body) throw new BindingError(`Tried to invoke ctor of ${name} with invalid number of parameters (${args.length}) - expected (${Object.keys(registeredClass.constructor_body).toString()}) parameters instead!`);
						return body.apply(this, args);
					});
					var instancePrototype = Object.create(basePrototype, { constructor: { value: constructor } });
					constructor.prototype = instancePrototype;
					var registeredClass = new RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast);
					if (registeredClass.baseClass) {
						registeredClass.baseClass.__derivedClasses ??= [];
						registeredClass.baseClass.__derivedClasses.push(registeredClass);
					}
					var referenceConverter = new RegisteredPointer(name, registeredClass, true, false, false);
					var pointerConverter = new RegisteredPointer(name + "*", registeredClass, false, false, false);
					var constPointerConverter = new RegisteredPointer(name + " const*", registeredClass, false, true, false);
					registeredPointers[rawType] = {
						pointerType: pointerConverter,
						constPointerType: constPointerConverter
					};
					replacePublicSymbol(legalFunctionName, constructor);
					return [
						referenceConverter,
						pointerConverter,
						constPointerConverter
					];
				});
			};
			var heap32VectorToArray = (count, firstElement) => {
				var array = [];
				for (var i = 0; i < count; i++) array.push(HEAPU32[firstElement + i * 4 >> 2]);
				return array;
			};
			function usesDestructorStack(argTypes) {
				for (var i = 1; i < argTypes.length; ++i) if (argTypes[i] !== null && argTypes[i].destructorFunction === void 0) return true;
				return false;
			}
			var InvokerFunctions = {
				ftf: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn);
						return retType["fromWireType"](rv);
					};
				},
				ttfnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0) {
					return function(arg0) {
						var rv = invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0));
						return retType["fromWireType"](rv);
					};
				},
				ttfn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						var rv = invoker(fn, classParam["toWireType"](null, this));
						return retType["fromWireType"](rv);
					};
				},
				tffn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam) {
					return function() {
						invoker(fn, classParam["toWireType"](null, this));
					};
				},
				tffnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0) {
					return function(arg0) {
						invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0));
					};
				},
				ttfnt: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0, arg0Wired_dtor) {
					return function(arg0) {
						var thisWired = classParam["toWireType"](null, this);
						var arg0Wired = argType0["toWireType"](null, arg0);
						var rv = invoker(fn, thisWired, arg0Wired);
						arg0Wired_dtor(arg0Wired);
						return retType["fromWireType"](rv);
					};
				},
				tffnnn: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0, argType1) {
					return function(arg0, arg1) {
						invoker(fn, classParam["toWireType"](null, this), argType0["toWireType"](null, arg0), argType1["toWireType"](null, arg1));
					};
				},
				tffnnt: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0, argType1, arg1Wired_dtor) {
					return function(arg0, arg1) {
						var thisWired = classParam["toWireType"](null, this);
						var arg0Wired = argType0["toWireType"](null, arg0);
						var arg1Wired = argType1["toWireType"](null, arg1);
						invoker(fn, thisWired, arg0Wired, arg1Wired);
						arg1Wired_dtor(arg1Wired);
					};
				},
				tffnt: function(humanName, throwBindingError, invoker, fn, runDestructors, retType, classParam, argType0, arg0Wired_dtor) {
					return function(arg0) {
						var thisWired = classParam["toWireType"](null, this);
						var arg0Wired = argType0["toWireType"](null, arg0);
						invoker(fn, thisWired, arg0Wired);
						arg0Wired_dtor(arg0Wired);
					};
				}
			};
			function createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync) {
				const signature = [
					isClassMethodFunc ? "t" : "f",
					returns ? "t" : "f",
					isAsync ? "t" : "f"
				];
				for (let i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) {
					const arg = argTypes[i];
					let destructorSig = "";
					if (arg.destructorFunction === void 0) destructorSig = "u";
					else if (arg.destructorFunction === null) destructorSig = "n";
					else destructorSig = "t";
					signature.push(destructorSig);
				}
				return signature.join("");
			}
			function craftInvokerFunction(humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc, isAsync) {
				var argCount = argTypes.length;
				if (argCount < 2) throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
				var isClassMethodFunc = argTypes[1] !== null && classType !== null;
				var needsDestructorStack = usesDestructorStack(argTypes);
				var returns = argTypes[0].name !== "void";
				var closureArgs = [
					humanName,
					throwBindingError,
					cppInvokerFunc,
					cppTargetFunc,
					runDestructors,
					argTypes[0],
					argTypes[1]
				];
				for (var i = 0; i < argCount - 2; ++i) closureArgs.push(argTypes[i + 2]);
				if (!needsDestructorStack) {
					for (var i = isClassMethodFunc ? 1 : 2; i < argTypes.length; ++i) if (argTypes[i].destructorFunction !== null) closureArgs.push(argTypes[i].destructorFunction);
				}
				return createNamedFunction(humanName, InvokerFunctions[createJsInvokerSignature(argTypes, isClassMethodFunc, returns, isAsync)](...closureArgs));
			}
			var __embind_register_class_constructor = (rawClassType, argCount, rawArgTypesAddr, invokerSignature, invoker, rawConstructor) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				invoker = embind__requireFunction(invokerSignature, invoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `constructor ${classType.name}`;
					if (void 0 === classType.registeredClass.constructor_body) classType.registeredClass.constructor_body = [];
					if (void 0 !== classType.registeredClass.constructor_body[argCount - 1]) throw new BindingError(`Cannot register multiple constructors with identical number of parameters (${argCount - 1}) for class '${classType.name}'! Overload resolution is currently only performed using the parameter count, not actual type info!`);
					classType.registeredClass.constructor_body[argCount - 1] = () => {
						throwUnboundTypeError(`Cannot construct ${classType.name} due to unbound types`, rawArgTypes);
					};
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						argTypes.splice(1, 0, null);
						classType.registeredClass.constructor_body[argCount - 1] = craftInvokerFunction(humanName, argTypes, null, invoker, rawConstructor);
						return [];
					});
					return [];
				});
			};
			var getFunctionName = (signature) => {
				signature = signature.trim();
				const argsIndex = signature.indexOf("(");
				if (argsIndex !== -1) return signature.substr(0, argsIndex);
				else return signature;
			};
			var __embind_register_class_function = (rawClassType, methodName, argCount, rawArgTypesAddr, invokerSignature, rawInvoker, context, isPureVirtual, isAsync, isNonnullReturn) => {
				var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				methodName = readLatin1String(methodName);
				methodName = getFunctionName(methodName);
				rawInvoker = embind__requireFunction(invokerSignature, rawInvoker);
				whenDependentTypesAreResolved([], [rawClassType], (classType) => {
					classType = classType[0];
					var humanName = `${classType.name}.${methodName}`;
					if (methodName.startsWith("@@")) methodName = Symbol[methodName.substring(2)];
					if (isPureVirtual) classType.registeredClass.pureVirtualFunctions.push(methodName);
					function unboundTypesHandler() {
						throwUnboundTypeError(`Cannot call ${humanName} due to unbound types`, rawArgTypes);
					}
					var proto = classType.registeredClass.instancePrototype;
					var method = proto[methodName];
					if (void 0 === method || void 0 === method.overloadTable && method.className !== classType.name && method.argCount === argCount - 2) {
						unboundTypesHandler.argCount = argCount - 2;
						unboundTypesHandler.className = classType.name;
						proto[methodName] = unboundTypesHandler;
					} else {
						ensureOverloadTable(proto, methodName, humanName);
						proto[methodName].overloadTable[argCount - 2] = unboundTypesHandler;
					}
					whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
						var memberFunction = craftInvokerFunction(humanName, argTypes, classType, rawInvoker, context, isAsync);
						if (void 0 === proto[methodName].overloadTable) {
							memberFunction.argCount = argCount - 2;
							proto[methodName] = memberFunction;
						} else proto[methodName].overloadTable[argCount - 2] = memberFunction;
						return [];
					});
					return [];
				});
			};
			var emval_freelist = [];
			var emval_handles = [];
			var __emval_decref = (handle) => {
				if (handle > 9 && 0 === --emval_handles[handle + 1]) {
					emval_handles[handle] = void 0;
					emval_freelist.push(handle);
				}
			};
			var count_emval_handles = () => emval_handles.length / 2 - 5 - emval_freelist.length;
			var init_emval = () => {
				emval_handles.push(0, 1, void 0, 1, null, 1, true, 1, false, 1);
				Module["count_emval_handles"] = count_emval_handles;
			};
			var Emval = {
				toValue: (handle) => {
					if (!handle) throwBindingError("Cannot use deleted val. handle = " + handle);
					return emval_handles[handle];
				},
				toHandle: (value) => {
					switch (value) {
						case void 0: return 2;
						case null: return 4;
						case true: return 6;
						case false: return 8;
						default: {
							const handle = emval_freelist.pop() || emval_handles.length;
							emval_handles[handle] = value;
							emval_handles[handle + 1] = 1;
							return handle;
						}
					}
				}
			};
			var EmValType = {
				name: "emscripten::val",
				fromWireType: (handle) => {
					var rv = Emval.toValue(handle);
					__emval_decref(handle);
					return rv;
				},
				toWireType: (destructors, value) => Emval.toHandle(value),
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				destructorFunction: null
			};
			var __embind_register_emval = (rawType) => registerType(rawType, EmValType);
			var embindRepr = (v) => {
				if (v === null) return "null";
				var t = typeof v;
				if (t === "object" || t === "array" || t === "function") return v.toString();
				else return "" + v;
			};
			var floatReadValueFromPointer = (name, width) => {
				switch (width) {
					case 4: return function(pointer) {
						return this["fromWireType"](HEAPF32[pointer >> 2]);
					};
					case 8: return function(pointer) {
						return this["fromWireType"](HEAPF64[pointer >> 3]);
					};
					default: throw new TypeError(`invalid float width (${width}): ${name}`);
				}
			};
			var __embind_register_float = (rawType, name, size) => {
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: (value) => value,
					toWireType: (destructors, value) => value,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: floatReadValueFromPointer(name, size),
					destructorFunction: null
				});
			};
			var __embind_register_function = (name, argCount, rawArgTypesAddr, signature, rawInvoker, fn, isAsync, isNonnullReturn) => {
				var argTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
				name = readLatin1String(name);
				name = getFunctionName(name);
				rawInvoker = embind__requireFunction(signature, rawInvoker);
				exposePublicSymbol(name, function() {
					throwUnboundTypeError(`Cannot call ${name} due to unbound types`, argTypes);
				}, argCount - 1);
				whenDependentTypesAreResolved([], argTypes, (argTypes) => {
					var invokerArgsArray = [argTypes[0], null].concat(argTypes.slice(1));
					replacePublicSymbol(name, craftInvokerFunction(name, invokerArgsArray, null, rawInvoker, fn, isAsync), argCount - 1);
					return [];
				});
			};
			var integerReadValueFromPointer = (name, width, signed) => {
				switch (width) {
					case 1: return signed ? (pointer) => HEAP8[pointer] : (pointer) => HEAPU8[pointer];
					case 2: return signed ? (pointer) => HEAP16[pointer >> 1] : (pointer) => HEAPU16[pointer >> 1];
					case 4: return signed ? (pointer) => HEAP32[pointer >> 2] : (pointer) => HEAPU32[pointer >> 2];
					default: throw new TypeError(`invalid integer width (${width}): ${name}`);
				}
			};
			var __embind_register_integer = (primitiveType, name, size, minRange, maxRange) => {
				name = readLatin1String(name);
				if (maxRange === -1) maxRange = 4294967295;
				var fromWireType = (value) => value;
				if (minRange === 0) {
					var bitshift = 32 - 8 * size;
					fromWireType = (value) => value << bitshift >>> bitshift;
				}
				var isUnsignedType = name.includes("unsigned");
				var toWireType;
				if (isUnsignedType) toWireType = function(destructors, value) {
					this.name;
					return value >>> 0;
				};
				else toWireType = function(destructors, value) {
					this.name;
					return value;
				};
				registerType(primitiveType, {
					name,
					fromWireType,
					toWireType,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: integerReadValueFromPointer(name, size, minRange !== 0),
					destructorFunction: null
				});
			};
			var __embind_register_memory_view = (rawType, dataTypeIndex, name) => {
				var TA = [
					Int8Array,
					Uint8Array,
					Int16Array,
					Uint16Array,
					Int32Array,
					Uint32Array,
					Float32Array,
					Float64Array
				][dataTypeIndex];
				function decodeMemoryView(handle) {
					var size = HEAPU32[handle >> 2];
					var data = HEAPU32[handle + 4 >> 2];
					return new TA(HEAP8.buffer, data, size);
				}
				name = readLatin1String(name);
				registerType(rawType, {
					name,
					fromWireType: decodeMemoryView,
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: decodeMemoryView
				}, { ignoreDuplicateRegistrations: true });
			};
			var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
				if (!(maxBytesToWrite > 0)) return 0;
				var startIdx = outIdx;
				var endIdx = outIdx + maxBytesToWrite - 1;
				for (var i = 0; i < str.length; ++i) {
					var u = str.charCodeAt(i);
					if (u >= 55296 && u <= 57343) {
						var u1 = str.charCodeAt(++i);
						u = 65536 + ((u & 1023) << 10) | u1 & 1023;
					}
					if (u <= 127) {
						if (outIdx >= endIdx) break;
						heap[outIdx++] = u;
					} else if (u <= 2047) {
						if (outIdx + 1 >= endIdx) break;
						heap[outIdx++] = 192 | u >> 6;
						heap[outIdx++] = 128 | u & 63;
					} else if (u <= 65535) {
						if (outIdx + 2 >= endIdx) break;
						heap[outIdx++] = 224 | u >> 12;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					} else {
						if (outIdx + 3 >= endIdx) break;
						heap[outIdx++] = 240 | u >> 18;
						heap[outIdx++] = 128 | u >> 12 & 63;
						heap[outIdx++] = 128 | u >> 6 & 63;
						heap[outIdx++] = 128 | u & 63;
					}
				}
				heap[outIdx] = 0;
				return outIdx - startIdx;
			};
			var stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
			var lengthBytesUTF8 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var c = str.charCodeAt(i);
					if (c <= 127) len++;
					else if (c <= 2047) len += 2;
					else if (c >= 55296 && c <= 57343) {
						len += 4;
						++i;
					} else len += 3;
				}
				return len;
			};
			var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
			var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead = NaN) => {
				var endIdx = idx + maxBytesToRead;
				var endPtr = idx;
				while (heapOrArray[endPtr] && !(endPtr >= endIdx)) ++endPtr;
				if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
				var str = "";
				while (idx < endPtr) {
					var u0 = heapOrArray[idx++];
					if (!(u0 & 128)) {
						str += String.fromCharCode(u0);
						continue;
					}
					var u1 = heapOrArray[idx++] & 63;
					if ((u0 & 224) == 192) {
						str += String.fromCharCode((u0 & 31) << 6 | u1);
						continue;
					}
					var u2 = heapOrArray[idx++] & 63;
					if ((u0 & 240) == 224) u0 = (u0 & 15) << 12 | u1 << 6 | u2;
					else u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
					if (u0 < 65536) str += String.fromCharCode(u0);
					else {
						var ch = u0 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					}
				}
				return str;
			};
			var UTF8ToString = (ptr, maxBytesToRead) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead) : "";
			var __embind_register_std_string = (rawType, name) => {
				name = readLatin1String(name);
				var stdStringIsUTF8 = true;
				registerType(rawType, {
					name,
					fromWireType(value) {
						var length = HEAPU32[value >> 2];
						var payload = value + 4;
						var str;
						if (stdStringIsUTF8) {
							var decodeStartPtr = payload;
							for (var i = 0; i <= length; ++i) {
								var currentBytePtr = payload + i;
								if (i == length || HEAPU8[currentBytePtr] == 0) {
									var maxRead = currentBytePtr - decodeStartPtr;
									var stringSegment = UTF8ToString(decodeStartPtr, maxRead);
									if (str === void 0) str = stringSegment;
									else {
										str += String.fromCharCode(0);
										str += stringSegment;
									}
									decodeStartPtr = currentBytePtr + 1;
								}
							}
						} else {
							var a = new Array(length);
							for (var i = 0; i < length; ++i) a[i] = String.fromCharCode(HEAPU8[payload + i]);
							str = a.join("");
						}
						_free(value);
						return str;
					},
					toWireType(destructors, value) {
						if (value instanceof ArrayBuffer) value = new Uint8Array(value);
						var length;
						var valueIsOfTypeString = typeof value == "string";
						if (!(valueIsOfTypeString || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array)) throwBindingError("Cannot pass non-string to std::string");
						if (stdStringIsUTF8 && valueIsOfTypeString) length = lengthBytesUTF8(value);
						else length = value.length;
						var base = _malloc(4 + length + 1);
						var ptr = base + 4;
						HEAPU32[base >> 2] = length;
						if (stdStringIsUTF8 && valueIsOfTypeString) stringToUTF8(value, ptr, length + 1);
						else if (valueIsOfTypeString) for (var i = 0; i < length; ++i) {
							var charCode = value.charCodeAt(i);
							if (charCode > 255) {
								_free(ptr);
								throwBindingError("String has UTF-16 code units that do not fit in 8 bits");
							}
							HEAPU8[ptr + i] = charCode;
						}
						else for (var i = 0; i < length; ++i) HEAPU8[ptr + i] = value[i];
						if (destructors !== null) destructors.push(_free, base);
						return base;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var UTF16Decoder = typeof TextDecoder != "undefined" ? new TextDecoder("utf-16le") : void 0;
			var UTF16ToString = (ptr, maxBytesToRead) => {
				var endPtr = ptr;
				var idx = endPtr >> 1;
				var maxIdx = idx + maxBytesToRead / 2;
				while (!(idx >= maxIdx) && HEAPU16[idx]) ++idx;
				endPtr = idx << 1;
				if (endPtr - ptr > 32 && UTF16Decoder) return UTF16Decoder.decode(HEAPU8.subarray(ptr, endPtr));
				var str = "";
				for (var i = 0; !(i >= maxBytesToRead / 2); ++i) {
					var codeUnit = HEAP16[ptr + i * 2 >> 1];
					if (codeUnit == 0) break;
					str += String.fromCharCode(codeUnit);
				}
				return str;
			};
			var stringToUTF16 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 2) return 0;
				maxBytesToWrite -= 2;
				var startPtr = outPtr;
				var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
				for (var i = 0; i < numCharsToWrite; ++i) {
					var codeUnit = str.charCodeAt(i);
					HEAP16[outPtr >> 1] = codeUnit;
					outPtr += 2;
				}
				HEAP16[outPtr >> 1] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF16 = (str) => str.length * 2;
			var UTF32ToString = (ptr, maxBytesToRead) => {
				var i = 0;
				var str = "";
				while (!(i >= maxBytesToRead / 4)) {
					var utf32 = HEAP32[ptr + i * 4 >> 2];
					if (utf32 == 0) break;
					++i;
					if (utf32 >= 65536) {
						var ch = utf32 - 65536;
						str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
					} else str += String.fromCharCode(utf32);
				}
				return str;
			};
			var stringToUTF32 = (str, outPtr, maxBytesToWrite) => {
				maxBytesToWrite ??= 2147483647;
				if (maxBytesToWrite < 4) return 0;
				var startPtr = outPtr;
				var endPtr = startPtr + maxBytesToWrite - 4;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) {
						var trailSurrogate = str.charCodeAt(++i);
						codeUnit = 65536 + ((codeUnit & 1023) << 10) | trailSurrogate & 1023;
					}
					HEAP32[outPtr >> 2] = codeUnit;
					outPtr += 4;
					if (outPtr + 4 > endPtr) break;
				}
				HEAP32[outPtr >> 2] = 0;
				return outPtr - startPtr;
			};
			var lengthBytesUTF32 = (str) => {
				var len = 0;
				for (var i = 0; i < str.length; ++i) {
					var codeUnit = str.charCodeAt(i);
					if (codeUnit >= 55296 && codeUnit <= 57343) ++i;
					len += 4;
				}
				return len;
			};
			var __embind_register_std_wstring = (rawType, charSize, name) => {
				name = readLatin1String(name);
				var decodeString, encodeString, readCharAt, lengthBytesUTF;
				if (charSize === 2) {
					decodeString = UTF16ToString;
					encodeString = stringToUTF16;
					lengthBytesUTF = lengthBytesUTF16;
					readCharAt = (pointer) => HEAPU16[pointer >> 1];
				} else if (charSize === 4) {
					decodeString = UTF32ToString;
					encodeString = stringToUTF32;
					lengthBytesUTF = lengthBytesUTF32;
					readCharAt = (pointer) => HEAPU32[pointer >> 2];
				}
				registerType(rawType, {
					name,
					fromWireType: (value) => {
						var length = HEAPU32[value >> 2];
						var str;
						var decodeStartPtr = value + 4;
						for (var i = 0; i <= length; ++i) {
							var currentBytePtr = value + 4 + i * charSize;
							if (i == length || readCharAt(currentBytePtr) == 0) {
								var maxReadBytes = currentBytePtr - decodeStartPtr;
								var stringSegment = decodeString(decodeStartPtr, maxReadBytes);
								if (str === void 0) str = stringSegment;
								else {
									str += String.fromCharCode(0);
									str += stringSegment;
								}
								decodeStartPtr = currentBytePtr + charSize;
							}
						}
						_free(value);
						return str;
					},
					toWireType: (destructors, value) => {
						if (!(typeof value == "string")) throwBindingError(`Cannot pass non-string to C++ string type ${name}`);
						var length = lengthBytesUTF(value);
						var ptr = _malloc(4 + length + charSize);
						HEAPU32[ptr >> 2] = length / charSize;
						encodeString(value, ptr + 4, length + charSize);
						if (destructors !== null) destructors.push(_free, ptr);
						return ptr;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction(ptr) {
						_free(ptr);
					}
				});
			};
			var __embind_register_value_object = (rawType, name, constructorSignature, rawConstructor, destructorSignature, rawDestructor) => {
				structRegistrations[rawType] = {
					name: readLatin1String(name),
					rawConstructor: embind__requireFunction(constructorSignature, rawConstructor),
					rawDestructor: embind__requireFunction(destructorSignature, rawDestructor),
					fields: []
				};
			};
			var __embind_register_value_object_field = (structType, fieldName, getterReturnType, getterSignature, getter, getterContext, setterArgumentType, setterSignature, setter, setterContext) => {
				structRegistrations[structType].fields.push({
					fieldName: readLatin1String(fieldName),
					getterReturnType,
					getter: embind__requireFunction(getterSignature, getter),
					getterContext,
					setterArgumentType,
					setter: embind__requireFunction(setterSignature, setter),
					setterContext
				});
			};
			var __embind_register_void = (rawType, name) => {
				name = readLatin1String(name);
				registerType(rawType, {
					isVoid: true,
					name,
					argPackAdvance: 0,
					fromWireType: () => void 0,
					toWireType: (destructors, o) => void 0
				});
			};
			var __emscripten_memcpy_js = (dest, src, num) => HEAPU8.copyWithin(dest, src, src + num);
			var requireRegisteredType = (rawType, humanName) => {
				var impl = registeredTypes[rawType];
				if (void 0 === impl) throwBindingError(`${humanName} has unknown type ${getTypeName(rawType)}`);
				return impl;
			};
			var __emval_take_value = (type, arg) => {
				type = requireRegisteredType(type, "_emval_take_value");
				var v = type["readValueFromPointer"](arg);
				return Emval.toHandle(v);
			};
			var getHeapMax = () => 2147483648;
			var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
			var growMemory = (size) => {
				var pages = (size - wasmMemory.buffer.byteLength + 65535) / 65536 | 0;
				try {
					wasmMemory.grow(pages);
					updateMemoryViews();
					return 1;
				} catch (e) {}
			};
			var _emscripten_resize_heap = (requestedSize) => {
				var oldSize = HEAPU8.length;
				requestedSize >>>= 0;
				var maxHeapSize = getHeapMax();
				if (requestedSize > maxHeapSize) return false;
				for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
					var overGrownHeapSize = oldSize * (1 + .2 / cutDown);
					overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
					if (growMemory(Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536)))) return true;
				}
				return false;
			};
			var _fd_close = (fd) => 52;
			var convertI32PairToI53Checked = (lo, hi) => hi + 2097152 >>> 0 < 4194305 - !!lo ? (lo >>> 0) + hi * 4294967296 : NaN;
			function _fd_seek(fd, offset_low, offset_high, whence, newOffset) {
				convertI32PairToI53Checked(offset_low, offset_high);
				return 70;
			}
			var printCharBuffers = [
				null,
				[],
				[]
			];
			var printChar = (stream, curr) => {
				var buffer = printCharBuffers[stream];
				if (curr === 0 || curr === 10) {
					(stream === 1 ? out : err)(UTF8ArrayToString(buffer));
					buffer.length = 0;
				} else buffer.push(curr);
			};
			var _fd_write = (fd, iov, iovcnt, pnum) => {
				var num = 0;
				for (var i = 0; i < iovcnt; i++) {
					var ptr = HEAPU32[iov >> 2];
					var len = HEAPU32[iov + 4 >> 2];
					iov += 8;
					for (var j = 0; j < len; j++) printChar(fd, HEAPU8[ptr + j]);
					num += len;
				}
				HEAPU32[pnum >> 2] = num;
				return 0;
			};
			var _llvm_eh_typeid_for = (type) => type;
			var getCFunc = (ident) => {
				return Module["_" + ident];
			};
			var writeArrayToMemory = (array, buffer) => {
				HEAP8.set(array, buffer);
			};
			var stackAlloc = (sz) => __emscripten_stack_alloc(sz);
			var stringToUTF8OnStack = (str) => {
				var size = lengthBytesUTF8(str) + 1;
				var ret = stackAlloc(size);
				stringToUTF8(str, ret, size);
				return ret;
			};
			var ccall = (ident, returnType, argTypes, args, opts) => {
				var toC = {
					string: (str) => {
						var ret = 0;
						if (str !== null && str !== void 0 && str !== 0) ret = stringToUTF8OnStack(str);
						return ret;
					},
					array: (arr) => {
						var ret = stackAlloc(arr.length);
						writeArrayToMemory(arr, ret);
						return ret;
					}
				};
				function convertReturnValue(ret) {
					if (returnType === "string") return UTF8ToString(ret);
					if (returnType === "boolean") return Boolean(ret);
					return ret;
				}
				var func = getCFunc(ident);
				var cArgs = [];
				var stack = 0;
				if (args) for (var i = 0; i < args.length; i++) {
					var converter = toC[argTypes[i]];
					if (converter) {
						if (stack === 0) stack = stackSave();
						cArgs[i] = converter(args[i]);
					} else cArgs[i] = args[i];
				}
				var ret = func(...cArgs);
				function onDone(ret) {
					if (stack !== 0) stackRestore(stack);
					return convertReturnValue(ret);
				}
				ret = onDone(ret);
				return ret;
			};
			InternalError = Module["InternalError"] = class InternalError extends Error {
				constructor(message) {
					super(message);
					this.name = "InternalError";
				}
			};
			embind_init_charCodes();
			BindingError = Module["BindingError"] = class BindingError extends Error {
				constructor(message) {
					super(message);
					this.name = "BindingError";
				}
			};
			init_ClassHandle();
			init_RegisteredPointer();
			UnboundTypeError = Module["UnboundTypeError"] = extendError(Error, "UnboundTypeError");
			init_emval();
			var wasmImports = {
				p: ___cxa_begin_catch,
				o: ___cxa_end_catch,
				c: ___cxa_find_matching_catch_2,
				d: ___cxa_find_matching_catch_3,
				M: ___cxa_find_matching_catch_5,
				L: ___cxa_rethrow,
				m: ___cxa_throw,
				f: ___resumeException,
				H: __abort_js,
				D: __embind_finalize_value_object,
				G: __embind_register_bigint,
				P: __embind_register_bool,
				C: __embind_register_class,
				B: __embind_register_class_constructor,
				a: __embind_register_class_function,
				N: __embind_register_emval,
				A: __embind_register_float,
				w: __embind_register_function,
				k: __embind_register_integer,
				e: __embind_register_memory_view,
				O: __embind_register_std_string,
				y: __embind_register_std_wstring,
				x: __embind_register_value_object,
				E: __embind_register_value_object_field,
				Q: __embind_register_void,
				K: __emscripten_memcpy_js,
				u: __emval_take_value,
				I: _emscripten_resize_heap,
				J: _fd_close,
				F: _fd_seek,
				z: _fd_write,
				t: invoke_i,
				b: invoke_ii,
				v: invoke_iii,
				n: invoke_iiii,
				i: invoke_v,
				g: invoke_vi,
				l: invoke_vii,
				q: invoke_viii,
				j: invoke_viiii,
				s: invoke_viiiiii,
				h: invoke_viiiiiiiiii,
				r: _llvm_eh_typeid_for
			};
			var wasmExports;
			createWasm();
			var ___getTypeName = (a0) => (___getTypeName = wasmExports["T"])(a0);
			var _malloc = (a0) => (_malloc = wasmExports["V"])(a0);
			var _free = (a0) => (_free = wasmExports["W"])(a0);
			var _setThrew = (a0, a1) => (_setThrew = wasmExports["X"])(a0, a1);
			var __emscripten_tempret_set = (a0) => (__emscripten_tempret_set = wasmExports["Y"])(a0);
			var __emscripten_stack_restore = (a0) => (__emscripten_stack_restore = wasmExports["Z"])(a0);
			var __emscripten_stack_alloc = (a0) => (__emscripten_stack_alloc = wasmExports["_"])(a0);
			var _emscripten_stack_get_current = () => (_emscripten_stack_get_current = wasmExports["$"])();
			var ___cxa_increment_exception_refcount = (a0) => (___cxa_increment_exception_refcount = wasmExports["aa"])(a0);
			var ___cxa_decrement_exception_refcount = (a0) => (___cxa_decrement_exception_refcount = wasmExports["ba"])(a0);
			var ___cxa_can_catch = (a0, a1, a2) => (___cxa_can_catch = wasmExports["ca"])(a0, a1, a2);
			var ___cxa_get_exception_ptr = (a0) => (___cxa_get_exception_ptr = wasmExports["da"])(a0);
			var dynCall_ji = Module["dynCall_ji"] = (a0, a1) => (dynCall_ji = Module["dynCall_ji"] = wasmExports["ea"])(a0, a1);
			var dynCall_iiji = Module["dynCall_iiji"] = (a0, a1, a2, a3, a4) => (dynCall_iiji = Module["dynCall_iiji"] = wasmExports["fa"])(a0, a1, a2, a3, a4);
			var dynCall_viiiiji = Module["dynCall_viiiiji"] = (a0, a1, a2, a3, a4, a5, a6, a7) => (dynCall_viiiiji = Module["dynCall_viiiiji"] = wasmExports["ga"])(a0, a1, a2, a3, a4, a5, a6, a7);
			var dynCall_jiji = Module["dynCall_jiji"] = (a0, a1, a2, a3, a4) => (dynCall_jiji = Module["dynCall_jiji"] = wasmExports["ha"])(a0, a1, a2, a3, a4);
			function invoke_iii(index, a1, a2) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)(a1, a2);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_ii(index, a1) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)(a1);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_viiiiiiiiii(index, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_vi(index, a1) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_viii(index, a1, a2, a3) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1, a2, a3);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_viiii(index, a1, a2, a3, a4) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1, a2, a3, a4);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_v(index) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)();
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_i(index) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)();
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_viiiiii(index, a1, a2, a3, a4, a5, a6) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1, a2, a3, a4, a5, a6);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_vii(index, a1, a2) {
				var sp = stackSave();
				try {
					getWasmTableEntry(index)(a1, a2);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			function invoke_iiii(index, a1, a2, a3) {
				var sp = stackSave();
				try {
					return getWasmTableEntry(index)(a1, a2, a3);
				} catch (e) {
					stackRestore(sp);
					if (e !== e + 0) throw e;
					_setThrew(1, 0);
				}
			}
			Module["ccall"] = ccall;
			var calledRun;
			dependenciesFulfilled = function runCaller() {
				if (!calledRun) run();
				if (!calledRun) dependenciesFulfilled = runCaller;
			};
			function run() {
				if (runDependencies > 0) return;
				preRun();
				if (runDependencies > 0) return;
				function doRun() {
					if (calledRun) return;
					calledRun = true;
					Module["calledRun"] = true;
					if (ABORT) return;
					initRuntime();
					readyPromiseResolve(Module);
					Module["onRuntimeInitialized"]?.();
					postRun();
				}
				if (Module["setStatus"]) {
					Module["setStatus"]("Running...");
					setTimeout(() => {
						setTimeout(() => Module["setStatus"](""), 1);
						doRun();
					}, 1);
				} else doRun();
			}
			if (Module["preInit"]) {
				if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
				while (Module["preInit"].length > 0) Module["preInit"].pop()();
			}
			run();
			moduleRtn = readyPromise;
			return moduleRtn;
		});
	})();
	if (typeof exports === "object" && typeof module === "object") {
		module.exports = Module;
		module.exports.default = Module;
	} else if (typeof define === "function" && define["amd"]) define([], () => Module);
})))());
const openjphWasm = new URL("/static/viewer3d/assets/openjphjs-odeu-u12.wasm", "" + import.meta.url);
const local$1 = {
	codec: void 0,
	decoder: void 0,
	decodeConfig: {}
};
function calculateSizeAtDecompositionLevel(decompositionLevel, frameWidth, frameHeight) {
	const result = {
		width: frameWidth,
		height: frameHeight
	};
	while (decompositionLevel > 0) {
		result.width = Math.ceil(result.width / 2);
		result.height = Math.ceil(result.height / 2);
		decompositionLevel--;
	}
	return result;
}
function initialize$1(decodeConfig) {
	local$1.decodeConfig = decodeConfig;
	setWasmBasePathFromConfig(decodeConfig);
	if (local$1.codec) return Promise.resolve();
	const openJphModule = (0, import_openjphjs.default)({ locateFile: (f) => {
		if (f.endsWith(".wasm")) return resolveWasmUrl("openjphjs.wasm", openjphWasm);
		return f;
	} });
	return new Promise((resolve, reject) => {
		openJphModule.then((instance) => {
			local$1.codec = instance;
			local$1.decoder = new instance.HTJ2KDecoder();
			resolve();
		}, reject);
	});
}
async function decodeAsync$1(compressedImageFrame, imageInfo) {
	await initialize$1();
	const decoder = new local$1.codec.HTJ2KDecoder();
	const encodedBufferInWASM = decoder.getEncodedBuffer(compressedImageFrame.length);
	encodedBufferInWASM.set(compressedImageFrame);
	const decodeLevel = imageInfo.decodeLevel || 0;
	decoder.decodeSubResolution(decodeLevel);
	const frameInfo = decoder.getFrameInfo();
	if (imageInfo.decodeLevel > 0) {
		const { width, height } = calculateSizeAtDecompositionLevel(imageInfo.decodeLevel, frameInfo.width, frameInfo.height);
		frameInfo.width = width;
		frameInfo.height = height;
	}
	const decodedBufferInWASM = decoder.getDecodedBuffer();
	new Uint8Array(decodedBufferInWASM.length).set(decodedBufferInWASM);
	const imageOffset = `x: ${decoder.getImageOffset().x}, y: ${decoder.getImageOffset().y}`;
	const numDecompositions = decoder.getNumDecompositions();
	const numLayers = decoder.getNumLayers();
	const progessionOrder = [
		"unknown",
		"LRCP",
		"RLCP",
		"RPCL",
		"PCRL",
		"CPRL"
	][decoder.getProgressionOrder() + 1];
	const reversible = decoder.getIsReversible();
	const blockDimensions = `${decoder.getBlockDimensions().width} x ${decoder.getBlockDimensions().height}`;
	const tileSize = `${decoder.getTileSize().width} x ${decoder.getTileSize().height}`;
	const tileOffset = `${decoder.getTileOffset().x}, ${decoder.getTileOffset().y}`;
	const decodedSize = `${decodedBufferInWASM.length.toLocaleString()} bytes`;
	const compressionRatio = `${(decodedBufferInWASM.length / encodedBufferInWASM.length).toFixed(2)}:1`;
	const encodedImageInfo = {
		columns: frameInfo.width,
		rows: frameInfo.height,
		bitsPerPixel: frameInfo.bitsPerSample,
		signed: frameInfo.isSigned,
		bytesPerPixel: imageInfo.bytesPerPixel,
		componentsPerPixel: frameInfo.componentCount
	};
	let pixelData = getPixelData(frameInfo, decodedBufferInWASM);
	const { buffer: b, byteOffset, byteLength } = pixelData;
	const pixelDataArrayBuffer = b.slice(byteOffset, byteOffset + byteLength);
	pixelData = new pixelData.constructor(pixelDataArrayBuffer);
	const encodeOptions = {
		imageOffset,
		numDecompositions,
		numLayers,
		progessionOrder,
		reversible,
		blockDimensions,
		tileSize,
		tileOffset,
		decodedSize,
		compressionRatio
	};
	return {
		...imageInfo,
		pixelData,
		imageInfo: encodedImageInfo,
		encodeOptions,
		...encodeOptions,
		...encodedImageInfo
	};
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/nativeFrameBytes.js
function nativeFrameLength(imageFrame) {
	const { rows, columns, samplesPerPixel, bitsAllocated } = imageFrame;
	const samples = rows * columns * samplesPerPixel;
	if (bitsAllocated === 1) return Math.ceil(samples / 8);
	return samples * (bitsAllocated / 8);
}
function trimToNativeFrame(imageFrame, pixelData, context) {
	const expected = nativeFrameLength(imageFrame);
	if (pixelData.length === expected) return pixelData;
	if (pixelData.length < expected) throw new Error(`${context}: frame is ${pixelData.length} bytes, expected ${expected} for ${imageFrame.rows}x${imageFrame.columns} with ${imageFrame.samplesPerPixel} sample(s) at ${imageFrame.bitsAllocated} bits`);
	return pixelData.subarray(0, expected);
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeEncapsulatedUncompressed.js
async function decodeEncapsulatedUncompressed(imageFrame, pixelData) {
	return decodeLittleEndian(imageFrame, trimToNativeFrame(imageFrame, pixelData, "decodeEncapsulatedUncompressed"));
}
// node_modules/pako/dist/pako.esm.mjs
/*! pako 2.1.0 https://github.com/nodeca/pako @license (MIT AND Zlib) */
const Z_FIXED$1 = 4;
const Z_BINARY = 0;
const Z_TEXT = 1;
const Z_UNKNOWN$1 = 2;
function zero$1(buf) {
	let len = buf.length;
	while (--len >= 0) buf[len] = 0;
}
const LENGTH_CODES$1 = 29;
const LITERALS$1 = 256;
const L_CODES$1 = 286;
const D_CODES$1 = 30;
const BL_CODES$1 = 19;
const HEAP_SIZE$1 = 573;
const MAX_BITS$1 = 15;
const Buf_size = 16;
const MAX_BL_BITS = 7;
const END_BLOCK = 256;
const REP_3_6 = 16;
const REPZ_3_10 = 17;
const REPZ_11_138 = 18;
const extra_lbits = new Uint8Array([
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	1,
	1,
	1,
	1,
	2,
	2,
	2,
	2,
	3,
	3,
	3,
	3,
	4,
	4,
	4,
	4,
	5,
	5,
	5,
	5,
	0
]);
const extra_dbits = new Uint8Array([
	0,
	0,
	0,
	0,
	1,
	1,
	2,
	2,
	3,
	3,
	4,
	4,
	5,
	5,
	6,
	6,
	7,
	7,
	8,
	8,
	9,
	9,
	10,
	10,
	11,
	11,
	12,
	12,
	13,
	13
]);
const extra_blbits = new Uint8Array([
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	2,
	3,
	7
]);
const bl_order = new Uint8Array([
	16,
	17,
	18,
	0,
	8,
	7,
	9,
	6,
	10,
	5,
	11,
	4,
	12,
	3,
	13,
	2,
	14,
	1,
	15
]);
const DIST_CODE_LEN = 512;
const static_ltree = new Array(576);
zero$1(static_ltree);
const static_dtree = new Array(60);
zero$1(static_dtree);
const _dist_code = new Array(DIST_CODE_LEN);
zero$1(_dist_code);
const _length_code = new Array(256);
zero$1(_length_code);
const base_length = new Array(LENGTH_CODES$1);
zero$1(base_length);
const base_dist = new Array(D_CODES$1);
zero$1(base_dist);
function StaticTreeDesc(static_tree, extra_bits, extra_base, elems, max_length) {
	this.static_tree = static_tree;
	this.extra_bits = extra_bits;
	this.extra_base = extra_base;
	this.elems = elems;
	this.max_length = max_length;
	this.has_stree = static_tree && static_tree.length;
}
let static_l_desc;
let static_d_desc;
let static_bl_desc;
function TreeDesc(dyn_tree, stat_desc) {
	this.dyn_tree = dyn_tree;
	this.max_code = 0;
	this.stat_desc = stat_desc;
}
const d_code = (dist) => {
	return dist < 256 ? _dist_code[dist] : _dist_code[256 + (dist >>> 7)];
};
const put_short = (s, w) => {
	s.pending_buf[s.pending++] = w & 255;
	s.pending_buf[s.pending++] = w >>> 8 & 255;
};
const send_bits = (s, value, length) => {
	if (s.bi_valid > Buf_size - length) {
		s.bi_buf |= value << s.bi_valid & 65535;
		put_short(s, s.bi_buf);
		s.bi_buf = value >> Buf_size - s.bi_valid;
		s.bi_valid += length - Buf_size;
	} else {
		s.bi_buf |= value << s.bi_valid & 65535;
		s.bi_valid += length;
	}
};
const send_code = (s, c, tree) => {
	send_bits(s, tree[c * 2], tree[c * 2 + 1]);
};
const bi_reverse = (code, len) => {
	let res = 0;
	do {
		res |= code & 1;
		code >>>= 1;
		res <<= 1;
	} while (--len > 0);
	return res >>> 1;
};
const bi_flush = (s) => {
	if (s.bi_valid === 16) {
		put_short(s, s.bi_buf);
		s.bi_buf = 0;
		s.bi_valid = 0;
	} else if (s.bi_valid >= 8) {
		s.pending_buf[s.pending++] = s.bi_buf & 255;
		s.bi_buf >>= 8;
		s.bi_valid -= 8;
	}
};
const gen_bitlen = (s, desc) => {
	const tree = desc.dyn_tree;
	const max_code = desc.max_code;
	const stree = desc.stat_desc.static_tree;
	const has_stree = desc.stat_desc.has_stree;
	const extra = desc.stat_desc.extra_bits;
	const base = desc.stat_desc.extra_base;
	const max_length = desc.stat_desc.max_length;
	let h;
	let n, m;
	let bits;
	let xbits;
	let f;
	let overflow = 0;
	for (bits = 0; bits <= MAX_BITS$1; bits++) s.bl_count[bits] = 0;
	tree[s.heap[s.heap_max] * 2 + 1] = 0;
	for (h = s.heap_max + 1; h < HEAP_SIZE$1; h++) {
		n = s.heap[h];
		bits = tree[tree[n * 2 + 1] * 2 + 1] + 1;
		if (bits > max_length) {
			bits = max_length;
			overflow++;
		}
		tree[n * 2 + 1] = bits;
		if (n > max_code) continue;
		s.bl_count[bits]++;
		xbits = 0;
		if (n >= base) xbits = extra[n - base];
		f = tree[n * 2];
		s.opt_len += f * (bits + xbits);
		if (has_stree) s.static_len += f * (stree[n * 2 + 1] + xbits);
	}
	if (overflow === 0) return;
	do {
		bits = max_length - 1;
		while (s.bl_count[bits] === 0) bits--;
		s.bl_count[bits]--;
		s.bl_count[bits + 1] += 2;
		s.bl_count[max_length]--;
		overflow -= 2;
	} while (overflow > 0);
	for (bits = max_length; bits !== 0; bits--) {
		n = s.bl_count[bits];
		while (n !== 0) {
			m = s.heap[--h];
			if (m > max_code) continue;
			if (tree[m * 2 + 1] !== bits) {
				s.opt_len += (bits - tree[m * 2 + 1]) * tree[m * 2];
				tree[m * 2 + 1] = bits;
			}
			n--;
		}
	}
};
const gen_codes = (tree, max_code, bl_count) => {
	const next_code = new Array(16);
	let code = 0;
	let bits;
	let n;
	for (bits = 1; bits <= MAX_BITS$1; bits++) {
		code = code + bl_count[bits - 1] << 1;
		next_code[bits] = code;
	}
	for (n = 0; n <= max_code; n++) {
		let len = tree[n * 2 + 1];
		if (len === 0) continue;
		tree[n * 2] = bi_reverse(next_code[len]++, len);
	}
};
const tr_static_init = () => {
	let n;
	let bits;
	let length;
	let code;
	let dist;
	const bl_count = new Array(16);
	length = 0;
	for (code = 0; code < 28; code++) {
		base_length[code] = length;
		for (n = 0; n < 1 << extra_lbits[code]; n++) _length_code[length++] = code;
	}
	_length_code[length - 1] = code;
	dist = 0;
	for (code = 0; code < 16; code++) {
		base_dist[code] = dist;
		for (n = 0; n < 1 << extra_dbits[code]; n++) _dist_code[dist++] = code;
	}
	dist >>= 7;
	for (; code < D_CODES$1; code++) {
		base_dist[code] = dist << 7;
		for (n = 0; n < 1 << extra_dbits[code] - 7; n++) _dist_code[256 + dist++] = code;
	}
	for (bits = 0; bits <= MAX_BITS$1; bits++) bl_count[bits] = 0;
	n = 0;
	while (n <= 143) {
		static_ltree[n * 2 + 1] = 8;
		n++;
		bl_count[8]++;
	}
	while (n <= 255) {
		static_ltree[n * 2 + 1] = 9;
		n++;
		bl_count[9]++;
	}
	while (n <= 279) {
		static_ltree[n * 2 + 1] = 7;
		n++;
		bl_count[7]++;
	}
	while (n <= 287) {
		static_ltree[n * 2 + 1] = 8;
		n++;
		bl_count[8]++;
	}
	gen_codes(static_ltree, 287, bl_count);
	for (n = 0; n < D_CODES$1; n++) {
		static_dtree[n * 2 + 1] = 5;
		static_dtree[n * 2] = bi_reverse(n, 5);
	}
	static_l_desc = new StaticTreeDesc(static_ltree, extra_lbits, 257, L_CODES$1, MAX_BITS$1);
	static_d_desc = new StaticTreeDesc(static_dtree, extra_dbits, 0, D_CODES$1, MAX_BITS$1);
	static_bl_desc = new StaticTreeDesc(new Array(0), extra_blbits, 0, BL_CODES$1, MAX_BL_BITS);
};
const init_block = (s) => {
	let n = 0;
	for (; n < L_CODES$1; n++) s.dyn_ltree[n * 2] = 0;
	for (n = 0; n < D_CODES$1; n++) s.dyn_dtree[n * 2] = 0;
	for (n = 0; n < BL_CODES$1; n++) s.bl_tree[n * 2] = 0;
	s.dyn_ltree[END_BLOCK * 2] = 1;
	s.opt_len = s.static_len = 0;
	s.sym_next = s.matches = 0;
};
const bi_windup = (s) => {
	if (s.bi_valid > 8) put_short(s, s.bi_buf);
	else if (s.bi_valid > 0) s.pending_buf[s.pending++] = s.bi_buf;
	s.bi_buf = 0;
	s.bi_valid = 0;
};
const smaller = (tree, n, m, depth) => {
	const _n2 = n * 2;
	const _m2 = m * 2;
	return tree[_n2] < tree[_m2] || tree[_n2] === tree[_m2] && depth[n] <= depth[m];
};
const pqdownheap = (s, tree, k) => {
	const v = s.heap[k];
	let j = k << 1;
	while (j <= s.heap_len) {
		if (j < s.heap_len && smaller(tree, s.heap[j + 1], s.heap[j], s.depth)) j++;
		if (smaller(tree, v, s.heap[j], s.depth)) break;
		s.heap[k] = s.heap[j];
		k = j;
		j <<= 1;
	}
	s.heap[k] = v;
};
const compress_block = (s, ltree, dtree) => {
	let dist;
	let lc;
	let sx = 0;
	let code;
	let extra;
	if (s.sym_next !== 0) do {
		dist = s.pending_buf[s.sym_buf + sx++] & 255;
		dist += (s.pending_buf[s.sym_buf + sx++] & 255) << 8;
		lc = s.pending_buf[s.sym_buf + sx++];
		if (dist === 0) send_code(s, lc, ltree);
		else {
			code = _length_code[lc];
			send_code(s, code + LITERALS$1 + 1, ltree);
			extra = extra_lbits[code];
			if (extra !== 0) {
				lc -= base_length[code];
				send_bits(s, lc, extra);
			}
			dist--;
			code = d_code(dist);
			send_code(s, code, dtree);
			extra = extra_dbits[code];
			if (extra !== 0) {
				dist -= base_dist[code];
				send_bits(s, dist, extra);
			}
		}
	} while (sx < s.sym_next);
	send_code(s, END_BLOCK, ltree);
};
const build_tree = (s, desc) => {
	const tree = desc.dyn_tree;
	const stree = desc.stat_desc.static_tree;
	const has_stree = desc.stat_desc.has_stree;
	const elems = desc.stat_desc.elems;
	let n, m;
	let max_code = -1;
	let node;
	s.heap_len = 0;
	s.heap_max = HEAP_SIZE$1;
	for (n = 0; n < elems; n++) if (tree[n * 2] !== 0) {
		s.heap[++s.heap_len] = max_code = n;
		s.depth[n] = 0;
	} else tree[n * 2 + 1] = 0;
	while (s.heap_len < 2) {
		node = s.heap[++s.heap_len] = max_code < 2 ? ++max_code : 0;
		tree[node * 2] = 1;
		s.depth[node] = 0;
		s.opt_len--;
		if (has_stree) s.static_len -= stree[node * 2 + 1];
	}
	desc.max_code = max_code;
	for (n = s.heap_len >> 1; n >= 1; n--) pqdownheap(s, tree, n);
	node = elems;
	do {
		/*** pqremove ***/
		n = s.heap[1];
		s.heap[1] = s.heap[s.heap_len--];
		pqdownheap(s, tree, 1);
		m = s.heap[1];
		s.heap[--s.heap_max] = n;
		s.heap[--s.heap_max] = m;
		tree[node * 2] = tree[n * 2] + tree[m * 2];
		s.depth[node] = (s.depth[n] >= s.depth[m] ? s.depth[n] : s.depth[m]) + 1;
		tree[n * 2 + 1] = tree[m * 2 + 1] = node;
		s.heap[1] = node++;
		pqdownheap(s, tree, 1);
	} while (s.heap_len >= 2);
	s.heap[--s.heap_max] = s.heap[1];
	gen_bitlen(s, desc);
	gen_codes(tree, max_code, s.bl_count);
};
const scan_tree = (s, tree, max_code) => {
	let n;
	let prevlen = -1;
	let curlen;
	let nextlen = tree[1];
	let count = 0;
	let max_count = 7;
	let min_count = 4;
	if (nextlen === 0) {
		max_count = 138;
		min_count = 3;
	}
	tree[(max_code + 1) * 2 + 1] = 65535;
	for (n = 0; n <= max_code; n++) {
		curlen = nextlen;
		nextlen = tree[(n + 1) * 2 + 1];
		if (++count < max_count && curlen === nextlen) continue;
		else if (count < min_count) s.bl_tree[curlen * 2] += count;
		else if (curlen !== 0) {
			if (curlen !== prevlen) s.bl_tree[curlen * 2]++;
			s.bl_tree[32]++;
		} else if (count <= 10) s.bl_tree[34]++;
		else s.bl_tree[36]++;
		count = 0;
		prevlen = curlen;
		if (nextlen === 0) {
			max_count = 138;
			min_count = 3;
		} else if (curlen === nextlen) {
			max_count = 6;
			min_count = 3;
		} else {
			max_count = 7;
			min_count = 4;
		}
	}
};
const send_tree = (s, tree, max_code) => {
	let n;
	let prevlen = -1;
	let curlen;
	let nextlen = tree[1];
	let count = 0;
	let max_count = 7;
	let min_count = 4;
	if (nextlen === 0) {
		max_count = 138;
		min_count = 3;
	}
	for (n = 0; n <= max_code; n++) {
		curlen = nextlen;
		nextlen = tree[(n + 1) * 2 + 1];
		if (++count < max_count && curlen === nextlen) continue;
		else if (count < min_count) do
			send_code(s, curlen, s.bl_tree);
		while (--count !== 0);
		else if (curlen !== 0) {
			if (curlen !== prevlen) {
				send_code(s, curlen, s.bl_tree);
				count--;
			}
			send_code(s, REP_3_6, s.bl_tree);
			send_bits(s, count - 3, 2);
		} else if (count <= 10) {
			send_code(s, REPZ_3_10, s.bl_tree);
			send_bits(s, count - 3, 3);
		} else {
			send_code(s, REPZ_11_138, s.bl_tree);
			send_bits(s, count - 11, 7);
		}
		count = 0;
		prevlen = curlen;
		if (nextlen === 0) {
			max_count = 138;
			min_count = 3;
		} else if (curlen === nextlen) {
			max_count = 6;
			min_count = 3;
		} else {
			max_count = 7;
			min_count = 4;
		}
	}
};
const build_bl_tree = (s) => {
	let max_blindex;
	scan_tree(s, s.dyn_ltree, s.l_desc.max_code);
	scan_tree(s, s.dyn_dtree, s.d_desc.max_code);
	build_tree(s, s.bl_desc);
	for (max_blindex = 18; max_blindex >= 3; max_blindex--) if (s.bl_tree[bl_order[max_blindex] * 2 + 1] !== 0) break;
	s.opt_len += 3 * (max_blindex + 1) + 5 + 5 + 4;
	return max_blindex;
};
const send_all_trees = (s, lcodes, dcodes, blcodes) => {
	let rank;
	send_bits(s, lcodes - 257, 5);
	send_bits(s, dcodes - 1, 5);
	send_bits(s, blcodes - 4, 4);
	for (rank = 0; rank < blcodes; rank++) send_bits(s, s.bl_tree[bl_order[rank] * 2 + 1], 3);
	send_tree(s, s.dyn_ltree, lcodes - 1);
	send_tree(s, s.dyn_dtree, dcodes - 1);
};
const detect_data_type = (s) => {
	let block_mask = 4093624447;
	let n = 0;
	for (; n <= 31; n++, block_mask >>>= 1) if (block_mask & 1 && s.dyn_ltree[n * 2] !== 0) return Z_BINARY;
	if (s.dyn_ltree[18] !== 0 || s.dyn_ltree[20] !== 0 || s.dyn_ltree[26] !== 0) return Z_TEXT;
	for (n = 32; n < LITERALS$1; n++) if (s.dyn_ltree[n * 2] !== 0) return Z_TEXT;
	return Z_BINARY;
};
let static_init_done = false;
const _tr_init$1 = (s) => {
	if (!static_init_done) {
		tr_static_init();
		static_init_done = true;
	}
	s.l_desc = new TreeDesc(s.dyn_ltree, static_l_desc);
	s.d_desc = new TreeDesc(s.dyn_dtree, static_d_desc);
	s.bl_desc = new TreeDesc(s.bl_tree, static_bl_desc);
	s.bi_buf = 0;
	s.bi_valid = 0;
	init_block(s);
};
const _tr_stored_block$1 = (s, buf, stored_len, last) => {
	send_bits(s, 0 + (last ? 1 : 0), 3);
	bi_windup(s);
	put_short(s, stored_len);
	put_short(s, ~stored_len);
	if (stored_len) s.pending_buf.set(s.window.subarray(buf, buf + stored_len), s.pending);
	s.pending += stored_len;
};
const _tr_align$1 = (s) => {
	send_bits(s, 2, 3);
	send_code(s, END_BLOCK, static_ltree);
	bi_flush(s);
};
const _tr_flush_block$1 = (s, buf, stored_len, last) => {
	let opt_lenb, static_lenb;
	let max_blindex = 0;
	if (s.level > 0) {
		if (s.strm.data_type === Z_UNKNOWN$1) s.strm.data_type = detect_data_type(s);
		build_tree(s, s.l_desc);
		build_tree(s, s.d_desc);
		max_blindex = build_bl_tree(s);
		opt_lenb = s.opt_len + 3 + 7 >>> 3;
		static_lenb = s.static_len + 3 + 7 >>> 3;
		if (static_lenb <= opt_lenb) opt_lenb = static_lenb;
	} else opt_lenb = static_lenb = stored_len + 5;
	if (stored_len + 4 <= opt_lenb && buf !== -1) _tr_stored_block$1(s, buf, stored_len, last);
	else if (s.strategy === Z_FIXED$1 || static_lenb === opt_lenb) {
		send_bits(s, 2 + (last ? 1 : 0), 3);
		compress_block(s, static_ltree, static_dtree);
	} else {
		send_bits(s, 4 + (last ? 1 : 0), 3);
		send_all_trees(s, s.l_desc.max_code + 1, s.d_desc.max_code + 1, max_blindex + 1);
		compress_block(s, s.dyn_ltree, s.dyn_dtree);
	}
	init_block(s);
	if (last) bi_windup(s);
};
const _tr_tally$1 = (s, dist, lc) => {
	s.pending_buf[s.sym_buf + s.sym_next++] = dist;
	s.pending_buf[s.sym_buf + s.sym_next++] = dist >> 8;
	s.pending_buf[s.sym_buf + s.sym_next++] = lc;
	if (dist === 0) s.dyn_ltree[lc * 2]++;
	else {
		s.matches++;
		dist--;
		s.dyn_ltree[(_length_code[lc] + LITERALS$1 + 1) * 2]++;
		s.dyn_dtree[d_code(dist) * 2]++;
	}
	return s.sym_next === s.sym_end;
};
var trees = {
	_tr_init: _tr_init$1,
	_tr_stored_block: _tr_stored_block$1,
	_tr_flush_block: _tr_flush_block$1,
	_tr_tally: _tr_tally$1,
	_tr_align: _tr_align$1
};
const adler32 = (adler, buf, len, pos) => {
	let s1 = adler & 65535 | 0, s2 = adler >>> 16 & 65535 | 0, n = 0;
	while (len !== 0) {
		n = len > 2e3 ? 2e3 : len;
		len -= n;
		do {
			s1 = s1 + buf[pos++] | 0;
			s2 = s2 + s1 | 0;
		} while (--n);
		s1 %= 65521;
		s2 %= 65521;
	}
	return s1 | s2 << 16 | 0;
};
var adler32_1 = adler32;
const makeTable = () => {
	let c, table = [];
	for (var n = 0; n < 256; n++) {
		c = n;
		for (var k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
		table[n] = c;
	}
	return table;
};
const crcTable = new Uint32Array(makeTable());
const crc32 = (crc, buf, len, pos) => {
	const t = crcTable;
	const end = pos + len;
	crc ^= -1;
	for (let i = pos; i < end; i++) crc = crc >>> 8 ^ t[(crc ^ buf[i]) & 255];
	return crc ^ -1;
};
var crc32_1 = crc32;
var messages = {
	2: "need dictionary",
	1: "stream end",
	0: "",
	"-1": "file error",
	"-2": "stream error",
	"-3": "data error",
	"-4": "insufficient memory",
	"-5": "buffer error",
	"-6": "incompatible version"
};
var constants$2 = {
	Z_NO_FLUSH: 0,
	Z_PARTIAL_FLUSH: 1,
	Z_SYNC_FLUSH: 2,
	Z_FULL_FLUSH: 3,
	Z_FINISH: 4,
	Z_BLOCK: 5,
	Z_TREES: 6,
	Z_OK: 0,
	Z_STREAM_END: 1,
	Z_NEED_DICT: 2,
	Z_ERRNO: -1,
	Z_STREAM_ERROR: -2,
	Z_DATA_ERROR: -3,
	Z_MEM_ERROR: -4,
	Z_BUF_ERROR: -5,
	Z_NO_COMPRESSION: 0,
	Z_BEST_SPEED: 1,
	Z_BEST_COMPRESSION: 9,
	Z_DEFAULT_COMPRESSION: -1,
	Z_FILTERED: 1,
	Z_HUFFMAN_ONLY: 2,
	Z_RLE: 3,
	Z_FIXED: 4,
	Z_DEFAULT_STRATEGY: 0,
	Z_BINARY: 0,
	Z_TEXT: 1,
	Z_UNKNOWN: 2,
	Z_DEFLATED: 8
};
const { _tr_init, _tr_stored_block, _tr_flush_block, _tr_tally, _tr_align } = trees;
const { Z_NO_FLUSH: Z_NO_FLUSH$2, Z_PARTIAL_FLUSH, Z_FULL_FLUSH: Z_FULL_FLUSH$1, Z_FINISH: Z_FINISH$3, Z_BLOCK: Z_BLOCK$1, Z_OK: Z_OK$3, Z_STREAM_END: Z_STREAM_END$3, Z_STREAM_ERROR: Z_STREAM_ERROR$2, Z_DATA_ERROR: Z_DATA_ERROR$2, Z_BUF_ERROR: Z_BUF_ERROR$1, Z_DEFAULT_COMPRESSION: Z_DEFAULT_COMPRESSION$1, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED, Z_DEFAULT_STRATEGY: Z_DEFAULT_STRATEGY$1, Z_UNKNOWN, Z_DEFLATED: Z_DEFLATED$2 } = constants$2;
const MAX_MEM_LEVEL = 9;
const MAX_WBITS$1 = 15;
const DEF_MEM_LEVEL = 8;
const HEAP_SIZE = 573;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const MIN_LOOKAHEAD = 262;
const PRESET_DICT = 32;
const INIT_STATE = 42;
const GZIP_STATE = 57;
const EXTRA_STATE = 69;
const NAME_STATE = 73;
const COMMENT_STATE = 91;
const HCRC_STATE = 103;
const BUSY_STATE = 113;
const FINISH_STATE = 666;
const BS_NEED_MORE = 1;
const BS_BLOCK_DONE = 2;
const BS_FINISH_STARTED = 3;
const BS_FINISH_DONE = 4;
const OS_CODE = 3;
const err = (strm, errorCode) => {
	strm.msg = messages[errorCode];
	return errorCode;
};
const rank = (f) => {
	return f * 2 - (f > 4 ? 9 : 0);
};
const zero = (buf) => {
	let len = buf.length;
	while (--len >= 0) buf[len] = 0;
};
const slide_hash = (s) => {
	let n, m;
	let p;
	let wsize = s.w_size;
	n = s.hash_size;
	p = n;
	do {
		m = s.head[--p];
		s.head[p] = m >= wsize ? m - wsize : 0;
	} while (--n);
	n = wsize;
	p = n;
	do {
		m = s.prev[--p];
		s.prev[p] = m >= wsize ? m - wsize : 0;
	} while (--n);
};
let HASH_ZLIB = (s, prev, data) => (prev << s.hash_shift ^ data) & s.hash_mask;
let HASH = HASH_ZLIB;
const flush_pending = (strm) => {
	const s = strm.state;
	let len = s.pending;
	if (len > strm.avail_out) len = strm.avail_out;
	if (len === 0) return;
	strm.output.set(s.pending_buf.subarray(s.pending_out, s.pending_out + len), strm.next_out);
	strm.next_out += len;
	s.pending_out += len;
	strm.total_out += len;
	strm.avail_out -= len;
	s.pending -= len;
	if (s.pending === 0) s.pending_out = 0;
};
const flush_block_only = (s, last) => {
	_tr_flush_block(s, s.block_start >= 0 ? s.block_start : -1, s.strstart - s.block_start, last);
	s.block_start = s.strstart;
	flush_pending(s.strm);
};
const put_byte = (s, b) => {
	s.pending_buf[s.pending++] = b;
};
const putShortMSB = (s, b) => {
	s.pending_buf[s.pending++] = b >>> 8 & 255;
	s.pending_buf[s.pending++] = b & 255;
};
const read_buf = (strm, buf, start, size) => {
	let len = strm.avail_in;
	if (len > size) len = size;
	if (len === 0) return 0;
	strm.avail_in -= len;
	buf.set(strm.input.subarray(strm.next_in, strm.next_in + len), start);
	if (strm.state.wrap === 1) strm.adler = adler32_1(strm.adler, buf, len, start);
	else if (strm.state.wrap === 2) strm.adler = crc32_1(strm.adler, buf, len, start);
	strm.next_in += len;
	strm.total_in += len;
	return len;
};
const longest_match = (s, cur_match) => {
	let chain_length = s.max_chain_length;
	let scan = s.strstart;
	let match;
	let len;
	let best_len = s.prev_length;
	let nice_match = s.nice_match;
	const limit = s.strstart > s.w_size - MIN_LOOKAHEAD ? s.strstart - (s.w_size - MIN_LOOKAHEAD) : 0;
	const _win = s.window;
	const wmask = s.w_mask;
	const prev = s.prev;
	const strend = s.strstart + MAX_MATCH;
	let scan_end1 = _win[scan + best_len - 1];
	let scan_end = _win[scan + best_len];
	if (s.prev_length >= s.good_match) chain_length >>= 2;
	if (nice_match > s.lookahead) nice_match = s.lookahead;
	do {
		match = cur_match;
		if (_win[match + best_len] !== scan_end || _win[match + best_len - 1] !== scan_end1 || _win[match] !== _win[scan] || _win[++match] !== _win[scan + 1]) continue;
		scan += 2;
		match++;
		do;
		while (_win[++scan] === _win[++match] && _win[++scan] === _win[++match] && _win[++scan] === _win[++match] && _win[++scan] === _win[++match] && _win[++scan] === _win[++match] && _win[++scan] === _win[++match] && _win[++scan] === _win[++match] && _win[++scan] === _win[++match] && scan < strend);
		len = MAX_MATCH - (strend - scan);
		scan = strend - MAX_MATCH;
		if (len > best_len) {
			s.match_start = cur_match;
			best_len = len;
			if (len >= nice_match) break;
			scan_end1 = _win[scan + best_len - 1];
			scan_end = _win[scan + best_len];
		}
	} while ((cur_match = prev[cur_match & wmask]) > limit && --chain_length !== 0);
	if (best_len <= s.lookahead) return best_len;
	return s.lookahead;
};
const fill_window = (s) => {
	const _w_size = s.w_size;
	let n, more, str;
	do {
		more = s.window_size - s.lookahead - s.strstart;
		if (s.strstart >= _w_size + (_w_size - MIN_LOOKAHEAD)) {
			s.window.set(s.window.subarray(_w_size, _w_size + _w_size - more), 0);
			s.match_start -= _w_size;
			s.strstart -= _w_size;
			s.block_start -= _w_size;
			if (s.insert > s.strstart) s.insert = s.strstart;
			slide_hash(s);
			more += _w_size;
		}
		if (s.strm.avail_in === 0) break;
		n = read_buf(s.strm, s.window, s.strstart + s.lookahead, more);
		s.lookahead += n;
		if (s.lookahead + s.insert >= MIN_MATCH) {
			str = s.strstart - s.insert;
			s.ins_h = s.window[str];
			s.ins_h = HASH(s, s.ins_h, s.window[str + 1]);
			while (s.insert) {
				s.ins_h = HASH(s, s.ins_h, s.window[str + MIN_MATCH - 1]);
				s.prev[str & s.w_mask] = s.head[s.ins_h];
				s.head[s.ins_h] = str;
				str++;
				s.insert--;
				if (s.lookahead + s.insert < MIN_MATCH) break;
			}
		}
	} while (s.lookahead < MIN_LOOKAHEAD && s.strm.avail_in !== 0);
};
const deflate_stored = (s, flush) => {
	let min_block = s.pending_buf_size - 5 > s.w_size ? s.w_size : s.pending_buf_size - 5;
	let len, left, have, last = 0;
	let used = s.strm.avail_in;
	do {
		len = 65535;
		have = s.bi_valid + 42 >> 3;
		if (s.strm.avail_out < have) break;
		have = s.strm.avail_out - have;
		left = s.strstart - s.block_start;
		if (len > left + s.strm.avail_in) len = left + s.strm.avail_in;
		if (len > have) len = have;
		if (len < min_block && (len === 0 && flush !== Z_FINISH$3 || flush === Z_NO_FLUSH$2 || len !== left + s.strm.avail_in)) break;
		last = flush === Z_FINISH$3 && len === left + s.strm.avail_in ? 1 : 0;
		_tr_stored_block(s, 0, 0, last);
		s.pending_buf[s.pending - 4] = len;
		s.pending_buf[s.pending - 3] = len >> 8;
		s.pending_buf[s.pending - 2] = ~len;
		s.pending_buf[s.pending - 1] = ~len >> 8;
		flush_pending(s.strm);
		if (left) {
			if (left > len) left = len;
			s.strm.output.set(s.window.subarray(s.block_start, s.block_start + left), s.strm.next_out);
			s.strm.next_out += left;
			s.strm.avail_out -= left;
			s.strm.total_out += left;
			s.block_start += left;
			len -= left;
		}
		if (len) {
			read_buf(s.strm, s.strm.output, s.strm.next_out, len);
			s.strm.next_out += len;
			s.strm.avail_out -= len;
			s.strm.total_out += len;
		}
	} while (last === 0);
	used -= s.strm.avail_in;
	if (used) {
		if (used >= s.w_size) {
			s.matches = 2;
			s.window.set(s.strm.input.subarray(s.strm.next_in - s.w_size, s.strm.next_in), 0);
			s.strstart = s.w_size;
			s.insert = s.strstart;
		} else {
			if (s.window_size - s.strstart <= used) {
				s.strstart -= s.w_size;
				s.window.set(s.window.subarray(s.w_size, s.w_size + s.strstart), 0);
				if (s.matches < 2) s.matches++;
				if (s.insert > s.strstart) s.insert = s.strstart;
			}
			s.window.set(s.strm.input.subarray(s.strm.next_in - used, s.strm.next_in), s.strstart);
			s.strstart += used;
			s.insert += used > s.w_size - s.insert ? s.w_size - s.insert : used;
		}
		s.block_start = s.strstart;
	}
	if (s.high_water < s.strstart) s.high_water = s.strstart;
	if (last) return BS_FINISH_DONE;
	if (flush !== Z_NO_FLUSH$2 && flush !== Z_FINISH$3 && s.strm.avail_in === 0 && s.strstart === s.block_start) return BS_BLOCK_DONE;
	have = s.window_size - s.strstart;
	if (s.strm.avail_in > have && s.block_start >= s.w_size) {
		s.block_start -= s.w_size;
		s.strstart -= s.w_size;
		s.window.set(s.window.subarray(s.w_size, s.w_size + s.strstart), 0);
		if (s.matches < 2) s.matches++;
		have += s.w_size;
		if (s.insert > s.strstart) s.insert = s.strstart;
	}
	if (have > s.strm.avail_in) have = s.strm.avail_in;
	if (have) {
		read_buf(s.strm, s.window, s.strstart, have);
		s.strstart += have;
		s.insert += have > s.w_size - s.insert ? s.w_size - s.insert : have;
	}
	if (s.high_water < s.strstart) s.high_water = s.strstart;
	have = s.bi_valid + 42 >> 3;
	have = s.pending_buf_size - have > 65535 ? 65535 : s.pending_buf_size - have;
	min_block = have > s.w_size ? s.w_size : have;
	left = s.strstart - s.block_start;
	if (left >= min_block || (left || flush === Z_FINISH$3) && flush !== Z_NO_FLUSH$2 && s.strm.avail_in === 0 && left <= have) {
		len = left > have ? have : left;
		last = flush === Z_FINISH$3 && s.strm.avail_in === 0 && len === left ? 1 : 0;
		_tr_stored_block(s, s.block_start, len, last);
		s.block_start += len;
		flush_pending(s.strm);
	}
	return last ? BS_FINISH_STARTED : BS_NEED_MORE;
};
const deflate_fast = (s, flush) => {
	let hash_head;
	let bflush;
	for (;;) {
		if (s.lookahead < MIN_LOOKAHEAD) {
			fill_window(s);
			if (s.lookahead < MIN_LOOKAHEAD && flush === Z_NO_FLUSH$2) return BS_NEED_MORE;
			if (s.lookahead === 0) break;
		}
		hash_head = 0;
		if (s.lookahead >= MIN_MATCH) {
			/*** INSERT_STRING(s, s.strstart, hash_head); ***/
			s.ins_h = HASH(s, s.ins_h, s.window[s.strstart + MIN_MATCH - 1]);
			hash_head = s.prev[s.strstart & s.w_mask] = s.head[s.ins_h];
			s.head[s.ins_h] = s.strstart;
		}
		if (hash_head !== 0 && s.strstart - hash_head <= s.w_size - MIN_LOOKAHEAD) s.match_length = longest_match(s, hash_head);
		if (s.match_length >= MIN_MATCH) {
			/*** _tr_tally_dist(s, s.strstart - s.match_start,
			s.match_length - MIN_MATCH, bflush); ***/
			bflush = _tr_tally(s, s.strstart - s.match_start, s.match_length - MIN_MATCH);
			s.lookahead -= s.match_length;
			if (s.match_length <= s.max_lazy_match && s.lookahead >= MIN_MATCH) {
				s.match_length--;
				do {
					s.strstart++;
					/*** INSERT_STRING(s, s.strstart, hash_head); ***/
					s.ins_h = HASH(s, s.ins_h, s.window[s.strstart + MIN_MATCH - 1]);
					hash_head = s.prev[s.strstart & s.w_mask] = s.head[s.ins_h];
					s.head[s.ins_h] = s.strstart;
				} while (--s.match_length !== 0);
				s.strstart++;
			} else {
				s.strstart += s.match_length;
				s.match_length = 0;
				s.ins_h = s.window[s.strstart];
				s.ins_h = HASH(s, s.ins_h, s.window[s.strstart + 1]);
			}
		} else {
			/*** _tr_tally_lit(s, s.window[s.strstart], bflush); ***/
			bflush = _tr_tally(s, 0, s.window[s.strstart]);
			s.lookahead--;
			s.strstart++;
		}
		if (bflush) {
			/*** FLUSH_BLOCK(s, 0); ***/
			flush_block_only(s, false);
			if (s.strm.avail_out === 0) return BS_NEED_MORE;
		}
	}
	s.insert = s.strstart < 2 ? s.strstart : 2;
	if (flush === Z_FINISH$3) {
		/*** FLUSH_BLOCK(s, 1); ***/
		flush_block_only(s, true);
		if (s.strm.avail_out === 0) return BS_FINISH_STARTED;
		return BS_FINISH_DONE;
	}
	if (s.sym_next) {
		/*** FLUSH_BLOCK(s, 0); ***/
		flush_block_only(s, false);
		if (s.strm.avail_out === 0) return BS_NEED_MORE;
	}
	return BS_BLOCK_DONE;
};
const deflate_slow = (s, flush) => {
	let hash_head;
	let bflush;
	let max_insert;
	for (;;) {
		if (s.lookahead < MIN_LOOKAHEAD) {
			fill_window(s);
			if (s.lookahead < MIN_LOOKAHEAD && flush === Z_NO_FLUSH$2) return BS_NEED_MORE;
			if (s.lookahead === 0) break;
		}
		hash_head = 0;
		if (s.lookahead >= MIN_MATCH) {
			/*** INSERT_STRING(s, s.strstart, hash_head); ***/
			s.ins_h = HASH(s, s.ins_h, s.window[s.strstart + MIN_MATCH - 1]);
			hash_head = s.prev[s.strstart & s.w_mask] = s.head[s.ins_h];
			s.head[s.ins_h] = s.strstart;
		}
		s.prev_length = s.match_length;
		s.prev_match = s.match_start;
		s.match_length = 2;
		if (hash_head !== 0 && s.prev_length < s.max_lazy_match && s.strstart - hash_head <= s.w_size - MIN_LOOKAHEAD) {
			s.match_length = longest_match(s, hash_head);
			if (s.match_length <= 5 && (s.strategy === Z_FILTERED || s.match_length === MIN_MATCH && s.strstart - s.match_start > 4096)) s.match_length = 2;
		}
		if (s.prev_length >= MIN_MATCH && s.match_length <= s.prev_length) {
			max_insert = s.strstart + s.lookahead - MIN_MATCH;
			/***_tr_tally_dist(s, s.strstart - 1 - s.prev_match,
			s.prev_length - MIN_MATCH, bflush);***/
			bflush = _tr_tally(s, s.strstart - 1 - s.prev_match, s.prev_length - MIN_MATCH);
			s.lookahead -= s.prev_length - 1;
			s.prev_length -= 2;
			do
				if (++s.strstart <= max_insert) {
					/*** INSERT_STRING(s, s.strstart, hash_head); ***/
					s.ins_h = HASH(s, s.ins_h, s.window[s.strstart + MIN_MATCH - 1]);
					hash_head = s.prev[s.strstart & s.w_mask] = s.head[s.ins_h];
					s.head[s.ins_h] = s.strstart;
				}
			while (--s.prev_length !== 0);
			s.match_available = 0;
			s.match_length = 2;
			s.strstart++;
			if (bflush) {
				/*** FLUSH_BLOCK(s, 0); ***/
				flush_block_only(s, false);
				if (s.strm.avail_out === 0) return BS_NEED_MORE;
			}
		} else if (s.match_available) {
			/*** _tr_tally_lit(s, s.window[s.strstart-1], bflush); ***/
			bflush = _tr_tally(s, 0, s.window[s.strstart - 1]);
			if (bflush)
 /*** FLUSH_BLOCK_ONLY(s, 0) ***/
			flush_block_only(s, false);
			s.strstart++;
			s.lookahead--;
			if (s.strm.avail_out === 0) return BS_NEED_MORE;
		} else {
			s.match_available = 1;
			s.strstart++;
			s.lookahead--;
		}
	}
	if (s.match_available) {
		/*** _tr_tally_lit(s, s.window[s.strstart-1], bflush); ***/
		bflush = _tr_tally(s, 0, s.window[s.strstart - 1]);
		s.match_available = 0;
	}
	s.insert = s.strstart < 2 ? s.strstart : 2;
	if (flush === Z_FINISH$3) {
		/*** FLUSH_BLOCK(s, 1); ***/
		flush_block_only(s, true);
		if (s.strm.avail_out === 0) return BS_FINISH_STARTED;
		return BS_FINISH_DONE;
	}
	if (s.sym_next) {
		/*** FLUSH_BLOCK(s, 0); ***/
		flush_block_only(s, false);
		if (s.strm.avail_out === 0) return BS_NEED_MORE;
	}
	return BS_BLOCK_DONE;
};
const deflate_rle = (s, flush) => {
	let bflush;
	let prev;
	let scan, strend;
	const _win = s.window;
	for (;;) {
		if (s.lookahead <= MAX_MATCH) {
			fill_window(s);
			if (s.lookahead <= MAX_MATCH && flush === Z_NO_FLUSH$2) return BS_NEED_MORE;
			if (s.lookahead === 0) break;
		}
		s.match_length = 0;
		if (s.lookahead >= MIN_MATCH && s.strstart > 0) {
			scan = s.strstart - 1;
			prev = _win[scan];
			if (prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan]) {
				strend = s.strstart + MAX_MATCH;
				do;
				while (prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan] && prev === _win[++scan] && scan < strend);
				s.match_length = MAX_MATCH - (strend - scan);
				if (s.match_length > s.lookahead) s.match_length = s.lookahead;
			}
		}
		if (s.match_length >= MIN_MATCH) {
			/*** _tr_tally_dist(s, 1, s.match_length - MIN_MATCH, bflush); ***/
			bflush = _tr_tally(s, 1, s.match_length - MIN_MATCH);
			s.lookahead -= s.match_length;
			s.strstart += s.match_length;
			s.match_length = 0;
		} else {
			/*** _tr_tally_lit(s, s.window[s.strstart], bflush); ***/
			bflush = _tr_tally(s, 0, s.window[s.strstart]);
			s.lookahead--;
			s.strstart++;
		}
		if (bflush) {
			/*** FLUSH_BLOCK(s, 0); ***/
			flush_block_only(s, false);
			if (s.strm.avail_out === 0) return BS_NEED_MORE;
		}
	}
	s.insert = 0;
	if (flush === Z_FINISH$3) {
		/*** FLUSH_BLOCK(s, 1); ***/
		flush_block_only(s, true);
		if (s.strm.avail_out === 0) return BS_FINISH_STARTED;
		return BS_FINISH_DONE;
	}
	if (s.sym_next) {
		/*** FLUSH_BLOCK(s, 0); ***/
		flush_block_only(s, false);
		if (s.strm.avail_out === 0) return BS_NEED_MORE;
	}
	return BS_BLOCK_DONE;
};
const deflate_huff = (s, flush) => {
	let bflush;
	for (;;) {
		if (s.lookahead === 0) {
			fill_window(s);
			if (s.lookahead === 0) {
				if (flush === Z_NO_FLUSH$2) return BS_NEED_MORE;
				break;
			}
		}
		s.match_length = 0;
		/*** _tr_tally_lit(s, s.window[s.strstart], bflush); ***/
		bflush = _tr_tally(s, 0, s.window[s.strstart]);
		s.lookahead--;
		s.strstart++;
		if (bflush) {
			/*** FLUSH_BLOCK(s, 0); ***/
			flush_block_only(s, false);
			if (s.strm.avail_out === 0) return BS_NEED_MORE;
		}
	}
	s.insert = 0;
	if (flush === Z_FINISH$3) {
		/*** FLUSH_BLOCK(s, 1); ***/
		flush_block_only(s, true);
		if (s.strm.avail_out === 0) return BS_FINISH_STARTED;
		return BS_FINISH_DONE;
	}
	if (s.sym_next) {
		/*** FLUSH_BLOCK(s, 0); ***/
		flush_block_only(s, false);
		if (s.strm.avail_out === 0) return BS_NEED_MORE;
	}
	return BS_BLOCK_DONE;
};
function Config(good_length, max_lazy, nice_length, max_chain, func) {
	this.good_length = good_length;
	this.max_lazy = max_lazy;
	this.nice_length = nice_length;
	this.max_chain = max_chain;
	this.func = func;
}
const configuration_table = [
	new Config(0, 0, 0, 0, deflate_stored),
	new Config(4, 4, 8, 4, deflate_fast),
	new Config(4, 5, 16, 8, deflate_fast),
	new Config(4, 6, 32, 32, deflate_fast),
	new Config(4, 4, 16, 16, deflate_slow),
	new Config(8, 16, 32, 32, deflate_slow),
	new Config(8, 16, 128, 128, deflate_slow),
	new Config(8, 32, 128, 256, deflate_slow),
	new Config(32, 128, 258, 1024, deflate_slow),
	new Config(32, 258, 258, 4096, deflate_slow)
];
const lm_init = (s) => {
	s.window_size = 2 * s.w_size;
	/*** CLEAR_HASH(s); ***/
	zero(s.head);
	s.max_lazy_match = configuration_table[s.level].max_lazy;
	s.good_match = configuration_table[s.level].good_length;
	s.nice_match = configuration_table[s.level].nice_length;
	s.max_chain_length = configuration_table[s.level].max_chain;
	s.strstart = 0;
	s.block_start = 0;
	s.lookahead = 0;
	s.insert = 0;
	s.match_length = s.prev_length = 2;
	s.match_available = 0;
	s.ins_h = 0;
};
function DeflateState() {
	this.strm = null;
	this.status = 0;
	this.pending_buf = null;
	this.pending_buf_size = 0;
	this.pending_out = 0;
	this.pending = 0;
	this.wrap = 0;
	this.gzhead = null;
	this.gzindex = 0;
	this.method = Z_DEFLATED$2;
	this.last_flush = -1;
	this.w_size = 0;
	this.w_bits = 0;
	this.w_mask = 0;
	this.window = null;
	this.window_size = 0;
	this.prev = null;
	this.head = null;
	this.ins_h = 0;
	this.hash_size = 0;
	this.hash_bits = 0;
	this.hash_mask = 0;
	this.hash_shift = 0;
	this.block_start = 0;
	this.match_length = 0;
	this.prev_match = 0;
	this.match_available = 0;
	this.strstart = 0;
	this.match_start = 0;
	this.lookahead = 0;
	this.prev_length = 0;
	this.max_chain_length = 0;
	this.max_lazy_match = 0;
	this.level = 0;
	this.strategy = 0;
	this.good_match = 0;
	this.nice_match = 0;
	this.dyn_ltree = new Uint16Array(HEAP_SIZE * 2);
	this.dyn_dtree = /* @__PURE__ */ new Uint16Array(122);
	this.bl_tree = /* @__PURE__ */ new Uint16Array(78);
	zero(this.dyn_ltree);
	zero(this.dyn_dtree);
	zero(this.bl_tree);
	this.l_desc = null;
	this.d_desc = null;
	this.bl_desc = null;
	this.bl_count = /* @__PURE__ */ new Uint16Array(16);
	this.heap = /* @__PURE__ */ new Uint16Array(573);
	zero(this.heap);
	this.heap_len = 0;
	this.heap_max = 0;
	this.depth = /* @__PURE__ */ new Uint16Array(573);
	zero(this.depth);
	this.sym_buf = 0;
	this.lit_bufsize = 0;
	this.sym_next = 0;
	this.sym_end = 0;
	this.opt_len = 0;
	this.static_len = 0;
	this.matches = 0;
	this.insert = 0;
	this.bi_buf = 0;
	this.bi_valid = 0;
}
const deflateStateCheck = (strm) => {
	if (!strm) return 1;
	const s = strm.state;
	if (!s || s.strm !== strm || s.status !== INIT_STATE && s.status !== GZIP_STATE && s.status !== EXTRA_STATE && s.status !== NAME_STATE && s.status !== COMMENT_STATE && s.status !== HCRC_STATE && s.status !== BUSY_STATE && s.status !== FINISH_STATE) return 1;
	return 0;
};
const deflateResetKeep = (strm) => {
	if (deflateStateCheck(strm)) return err(strm, Z_STREAM_ERROR$2);
	strm.total_in = strm.total_out = 0;
	strm.data_type = Z_UNKNOWN;
	const s = strm.state;
	s.pending = 0;
	s.pending_out = 0;
	if (s.wrap < 0) s.wrap = -s.wrap;
	s.status = s.wrap === 2 ? GZIP_STATE : s.wrap ? INIT_STATE : BUSY_STATE;
	strm.adler = s.wrap === 2 ? 0 : 1;
	s.last_flush = -2;
	_tr_init(s);
	return Z_OK$3;
};
const deflateReset = (strm) => {
	const ret = deflateResetKeep(strm);
	if (ret === Z_OK$3) lm_init(strm.state);
	return ret;
};
const deflateSetHeader = (strm, head) => {
	if (deflateStateCheck(strm) || strm.state.wrap !== 2) return Z_STREAM_ERROR$2;
	strm.state.gzhead = head;
	return Z_OK$3;
};
const deflateInit2 = (strm, level, method, windowBits, memLevel, strategy) => {
	if (!strm) return Z_STREAM_ERROR$2;
	let wrap = 1;
	if (level === Z_DEFAULT_COMPRESSION$1) level = 6;
	if (windowBits < 0) {
		wrap = 0;
		windowBits = -windowBits;
	} else if (windowBits > 15) {
		wrap = 2;
		windowBits -= 16;
	}
	if (memLevel < 1 || memLevel > MAX_MEM_LEVEL || method !== Z_DEFLATED$2 || windowBits < 8 || windowBits > 15 || level < 0 || level > 9 || strategy < 0 || strategy > Z_FIXED || windowBits === 8 && wrap !== 1) return err(strm, Z_STREAM_ERROR$2);
	if (windowBits === 8) windowBits = 9;
	const s = new DeflateState();
	strm.state = s;
	s.strm = strm;
	s.status = INIT_STATE;
	s.wrap = wrap;
	s.gzhead = null;
	s.w_bits = windowBits;
	s.w_size = 1 << s.w_bits;
	s.w_mask = s.w_size - 1;
	s.hash_bits = memLevel + 7;
	s.hash_size = 1 << s.hash_bits;
	s.hash_mask = s.hash_size - 1;
	s.hash_shift = ~~((s.hash_bits + MIN_MATCH - 1) / MIN_MATCH);
	s.window = new Uint8Array(s.w_size * 2);
	s.head = new Uint16Array(s.hash_size);
	s.prev = new Uint16Array(s.w_size);
	s.lit_bufsize = 1 << memLevel + 6;
	s.pending_buf_size = s.lit_bufsize * 4;
	s.pending_buf = new Uint8Array(s.pending_buf_size);
	s.sym_buf = s.lit_bufsize;
	s.sym_end = (s.lit_bufsize - 1) * 3;
	s.level = level;
	s.strategy = strategy;
	s.method = method;
	return deflateReset(strm);
};
const deflateInit = (strm, level) => {
	return deflateInit2(strm, level, Z_DEFLATED$2, MAX_WBITS$1, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY$1);
};
const deflate$2 = (strm, flush) => {
	if (deflateStateCheck(strm) || flush > Z_BLOCK$1 || flush < 0) return strm ? err(strm, Z_STREAM_ERROR$2) : Z_STREAM_ERROR$2;
	const s = strm.state;
	if (!strm.output || strm.avail_in !== 0 && !strm.input || s.status === FINISH_STATE && flush !== Z_FINISH$3) return err(strm, strm.avail_out === 0 ? Z_BUF_ERROR$1 : Z_STREAM_ERROR$2);
	const old_flush = s.last_flush;
	s.last_flush = flush;
	if (s.pending !== 0) {
		flush_pending(strm);
		if (strm.avail_out === 0) {
			s.last_flush = -1;
			return Z_OK$3;
		}
	} else if (strm.avail_in === 0 && rank(flush) <= rank(old_flush) && flush !== Z_FINISH$3) return err(strm, Z_BUF_ERROR$1);
	if (s.status === FINISH_STATE && strm.avail_in !== 0) return err(strm, Z_BUF_ERROR$1);
	if (s.status === INIT_STATE && s.wrap === 0) s.status = BUSY_STATE;
	if (s.status === INIT_STATE) {
		let header = Z_DEFLATED$2 + (s.w_bits - 8 << 4) << 8;
		let level_flags = -1;
		if (s.strategy >= Z_HUFFMAN_ONLY || s.level < 2) level_flags = 0;
		else if (s.level < 6) level_flags = 1;
		else if (s.level === 6) level_flags = 2;
		else level_flags = 3;
		header |= level_flags << 6;
		if (s.strstart !== 0) header |= PRESET_DICT;
		header += 31 - header % 31;
		putShortMSB(s, header);
		if (s.strstart !== 0) {
			putShortMSB(s, strm.adler >>> 16);
			putShortMSB(s, strm.adler & 65535);
		}
		strm.adler = 1;
		s.status = BUSY_STATE;
		flush_pending(strm);
		if (s.pending !== 0) {
			s.last_flush = -1;
			return Z_OK$3;
		}
	}
	if (s.status === GZIP_STATE) {
		strm.adler = 0;
		put_byte(s, 31);
		put_byte(s, 139);
		put_byte(s, 8);
		if (!s.gzhead) {
			put_byte(s, 0);
			put_byte(s, 0);
			put_byte(s, 0);
			put_byte(s, 0);
			put_byte(s, 0);
			put_byte(s, s.level === 9 ? 2 : s.strategy >= Z_HUFFMAN_ONLY || s.level < 2 ? 4 : 0);
			put_byte(s, OS_CODE);
			s.status = BUSY_STATE;
			flush_pending(strm);
			if (s.pending !== 0) {
				s.last_flush = -1;
				return Z_OK$3;
			}
		} else {
			put_byte(s, (s.gzhead.text ? 1 : 0) + (s.gzhead.hcrc ? 2 : 0) + (!s.gzhead.extra ? 0 : 4) + (!s.gzhead.name ? 0 : 8) + (!s.gzhead.comment ? 0 : 16));
			put_byte(s, s.gzhead.time & 255);
			put_byte(s, s.gzhead.time >> 8 & 255);
			put_byte(s, s.gzhead.time >> 16 & 255);
			put_byte(s, s.gzhead.time >> 24 & 255);
			put_byte(s, s.level === 9 ? 2 : s.strategy >= Z_HUFFMAN_ONLY || s.level < 2 ? 4 : 0);
			put_byte(s, s.gzhead.os & 255);
			if (s.gzhead.extra && s.gzhead.extra.length) {
				put_byte(s, s.gzhead.extra.length & 255);
				put_byte(s, s.gzhead.extra.length >> 8 & 255);
			}
			if (s.gzhead.hcrc) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending, 0);
			s.gzindex = 0;
			s.status = EXTRA_STATE;
		}
	}
	if (s.status === EXTRA_STATE) {
		if (s.gzhead.extra) {
			let beg = s.pending;
			let left = (s.gzhead.extra.length & 65535) - s.gzindex;
			while (s.pending + left > s.pending_buf_size) {
				let copy = s.pending_buf_size - s.pending;
				s.pending_buf.set(s.gzhead.extra.subarray(s.gzindex, s.gzindex + copy), s.pending);
				s.pending = s.pending_buf_size;
				if (s.gzhead.hcrc && s.pending > beg) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending - beg, beg);
				s.gzindex += copy;
				flush_pending(strm);
				if (s.pending !== 0) {
					s.last_flush = -1;
					return Z_OK$3;
				}
				beg = 0;
				left -= copy;
			}
			let gzhead_extra = new Uint8Array(s.gzhead.extra);
			s.pending_buf.set(gzhead_extra.subarray(s.gzindex, s.gzindex + left), s.pending);
			s.pending += left;
			if (s.gzhead.hcrc && s.pending > beg) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending - beg, beg);
			s.gzindex = 0;
		}
		s.status = NAME_STATE;
	}
	if (s.status === NAME_STATE) {
		if (s.gzhead.name) {
			let beg = s.pending;
			let val;
			do {
				if (s.pending === s.pending_buf_size) {
					if (s.gzhead.hcrc && s.pending > beg) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending - beg, beg);
					flush_pending(strm);
					if (s.pending !== 0) {
						s.last_flush = -1;
						return Z_OK$3;
					}
					beg = 0;
				}
				if (s.gzindex < s.gzhead.name.length) val = s.gzhead.name.charCodeAt(s.gzindex++) & 255;
				else val = 0;
				put_byte(s, val);
			} while (val !== 0);
			if (s.gzhead.hcrc && s.pending > beg) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending - beg, beg);
			s.gzindex = 0;
		}
		s.status = COMMENT_STATE;
	}
	if (s.status === COMMENT_STATE) {
		if (s.gzhead.comment) {
			let beg = s.pending;
			let val;
			do {
				if (s.pending === s.pending_buf_size) {
					if (s.gzhead.hcrc && s.pending > beg) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending - beg, beg);
					flush_pending(strm);
					if (s.pending !== 0) {
						s.last_flush = -1;
						return Z_OK$3;
					}
					beg = 0;
				}
				if (s.gzindex < s.gzhead.comment.length) val = s.gzhead.comment.charCodeAt(s.gzindex++) & 255;
				else val = 0;
				put_byte(s, val);
			} while (val !== 0);
			if (s.gzhead.hcrc && s.pending > beg) strm.adler = crc32_1(strm.adler, s.pending_buf, s.pending - beg, beg);
		}
		s.status = HCRC_STATE;
	}
	if (s.status === HCRC_STATE) {
		if (s.gzhead.hcrc) {
			if (s.pending + 2 > s.pending_buf_size) {
				flush_pending(strm);
				if (s.pending !== 0) {
					s.last_flush = -1;
					return Z_OK$3;
				}
			}
			put_byte(s, strm.adler & 255);
			put_byte(s, strm.adler >> 8 & 255);
			strm.adler = 0;
		}
		s.status = BUSY_STATE;
		flush_pending(strm);
		if (s.pending !== 0) {
			s.last_flush = -1;
			return Z_OK$3;
		}
	}
	if (strm.avail_in !== 0 || s.lookahead !== 0 || flush !== Z_NO_FLUSH$2 && s.status !== FINISH_STATE) {
		let bstate = s.level === 0 ? deflate_stored(s, flush) : s.strategy === Z_HUFFMAN_ONLY ? deflate_huff(s, flush) : s.strategy === Z_RLE ? deflate_rle(s, flush) : configuration_table[s.level].func(s, flush);
		if (bstate === BS_FINISH_STARTED || bstate === BS_FINISH_DONE) s.status = FINISH_STATE;
		if (bstate === BS_NEED_MORE || bstate === BS_FINISH_STARTED) {
			if (strm.avail_out === 0) s.last_flush = -1;
			return Z_OK$3;
		}
		if (bstate === BS_BLOCK_DONE) {
			if (flush === Z_PARTIAL_FLUSH) _tr_align(s);
			else if (flush !== Z_BLOCK$1) {
				_tr_stored_block(s, 0, 0, false);
				if (flush === Z_FULL_FLUSH$1) {
					/*** CLEAR_HASH(s); ***/ zero(s.head);
					if (s.lookahead === 0) {
						s.strstart = 0;
						s.block_start = 0;
						s.insert = 0;
					}
				}
			}
			flush_pending(strm);
			if (strm.avail_out === 0) {
				s.last_flush = -1;
				return Z_OK$3;
			}
		}
	}
	if (flush !== Z_FINISH$3) return Z_OK$3;
	if (s.wrap <= 0) return Z_STREAM_END$3;
	if (s.wrap === 2) {
		put_byte(s, strm.adler & 255);
		put_byte(s, strm.adler >> 8 & 255);
		put_byte(s, strm.adler >> 16 & 255);
		put_byte(s, strm.adler >> 24 & 255);
		put_byte(s, strm.total_in & 255);
		put_byte(s, strm.total_in >> 8 & 255);
		put_byte(s, strm.total_in >> 16 & 255);
		put_byte(s, strm.total_in >> 24 & 255);
	} else {
		putShortMSB(s, strm.adler >>> 16);
		putShortMSB(s, strm.adler & 65535);
	}
	flush_pending(strm);
	if (s.wrap > 0) s.wrap = -s.wrap;
	return s.pending !== 0 ? Z_OK$3 : Z_STREAM_END$3;
};
const deflateEnd = (strm) => {
	if (deflateStateCheck(strm)) return Z_STREAM_ERROR$2;
	const status = strm.state.status;
	strm.state = null;
	return status === BUSY_STATE ? err(strm, Z_DATA_ERROR$2) : Z_OK$3;
};
const deflateSetDictionary = (strm, dictionary) => {
	let dictLength = dictionary.length;
	if (deflateStateCheck(strm)) return Z_STREAM_ERROR$2;
	const s = strm.state;
	const wrap = s.wrap;
	if (wrap === 2 || wrap === 1 && s.status !== INIT_STATE || s.lookahead) return Z_STREAM_ERROR$2;
	if (wrap === 1) strm.adler = adler32_1(strm.adler, dictionary, dictLength, 0);
	s.wrap = 0;
	if (dictLength >= s.w_size) {
		if (wrap === 0) {
			/*** CLEAR_HASH(s); ***/
			zero(s.head);
			s.strstart = 0;
			s.block_start = 0;
			s.insert = 0;
		}
		let tmpDict = new Uint8Array(s.w_size);
		tmpDict.set(dictionary.subarray(dictLength - s.w_size, dictLength), 0);
		dictionary = tmpDict;
		dictLength = s.w_size;
	}
	const avail = strm.avail_in;
	const next = strm.next_in;
	const input = strm.input;
	strm.avail_in = dictLength;
	strm.next_in = 0;
	strm.input = dictionary;
	fill_window(s);
	while (s.lookahead >= MIN_MATCH) {
		let str = s.strstart;
		let n = s.lookahead - 2;
		do {
			s.ins_h = HASH(s, s.ins_h, s.window[str + MIN_MATCH - 1]);
			s.prev[str & s.w_mask] = s.head[s.ins_h];
			s.head[s.ins_h] = str;
			str++;
		} while (--n);
		s.strstart = str;
		s.lookahead = 2;
		fill_window(s);
	}
	s.strstart += s.lookahead;
	s.block_start = s.strstart;
	s.insert = s.lookahead;
	s.lookahead = 0;
	s.match_length = s.prev_length = 2;
	s.match_available = 0;
	strm.next_in = next;
	strm.input = input;
	strm.avail_in = avail;
	s.wrap = wrap;
	return Z_OK$3;
};
var deflate_1$2 = {
	deflateInit,
	deflateInit2,
	deflateReset,
	deflateResetKeep,
	deflateSetHeader,
	deflate: deflate$2,
	deflateEnd,
	deflateSetDictionary,
	deflateInfo: "pako deflate (from Nodeca project)"
};
const _has = (obj, key) => {
	return Object.prototype.hasOwnProperty.call(obj, key);
};
var assign = function(obj) {
	const sources = Array.prototype.slice.call(arguments, 1);
	while (sources.length) {
		const source = sources.shift();
		if (!source) continue;
		if (typeof source !== "object") throw new TypeError(source + "must be non-object");
		for (const p in source) if (_has(source, p)) obj[p] = source[p];
	}
	return obj;
};
var flattenChunks = (chunks) => {
	let len = 0;
	for (let i = 0, l = chunks.length; i < l; i++) len += chunks[i].length;
	const result = new Uint8Array(len);
	for (let i = 0, pos = 0, l = chunks.length; i < l; i++) {
		let chunk = chunks[i];
		result.set(chunk, pos);
		pos += chunk.length;
	}
	return result;
};
var common = {
	assign,
	flattenChunks
};
let STR_APPLY_UIA_OK = true;
try {
	String.fromCharCode.apply(null, /* @__PURE__ */ new Uint8Array(1));
} catch (__) {
	STR_APPLY_UIA_OK = false;
}
const _utf8len = /* @__PURE__ */ new Uint8Array(256);
for (let q = 0; q < 256; q++) _utf8len[q] = q >= 252 ? 6 : q >= 248 ? 5 : q >= 240 ? 4 : q >= 224 ? 3 : q >= 192 ? 2 : 1;
_utf8len[254] = _utf8len[254] = 1;
var string2buf = (str) => {
	if (typeof TextEncoder === "function" && TextEncoder.prototype.encode) return new TextEncoder().encode(str);
	let buf, c, c2, m_pos, i, str_len = str.length, buf_len = 0;
	for (m_pos = 0; m_pos < str_len; m_pos++) {
		c = str.charCodeAt(m_pos);
		if ((c & 64512) === 55296 && m_pos + 1 < str_len) {
			c2 = str.charCodeAt(m_pos + 1);
			if ((c2 & 64512) === 56320) {
				c = 65536 + (c - 55296 << 10) + (c2 - 56320);
				m_pos++;
			}
		}
		buf_len += c < 128 ? 1 : c < 2048 ? 2 : c < 65536 ? 3 : 4;
	}
	buf = new Uint8Array(buf_len);
	for (i = 0, m_pos = 0; i < buf_len; m_pos++) {
		c = str.charCodeAt(m_pos);
		if ((c & 64512) === 55296 && m_pos + 1 < str_len) {
			c2 = str.charCodeAt(m_pos + 1);
			if ((c2 & 64512) === 56320) {
				c = 65536 + (c - 55296 << 10) + (c2 - 56320);
				m_pos++;
			}
		}
		if (c < 128) buf[i++] = c;
		else if (c < 2048) {
			buf[i++] = 192 | c >>> 6;
			buf[i++] = 128 | c & 63;
		} else if (c < 65536) {
			buf[i++] = 224 | c >>> 12;
			buf[i++] = 128 | c >>> 6 & 63;
			buf[i++] = 128 | c & 63;
		} else {
			buf[i++] = 240 | c >>> 18;
			buf[i++] = 128 | c >>> 12 & 63;
			buf[i++] = 128 | c >>> 6 & 63;
			buf[i++] = 128 | c & 63;
		}
	}
	return buf;
};
const buf2binstring = (buf, len) => {
	if (len < 65534) {
		if (buf.subarray && STR_APPLY_UIA_OK) return String.fromCharCode.apply(null, buf.length === len ? buf : buf.subarray(0, len));
	}
	let result = "";
	for (let i = 0; i < len; i++) result += String.fromCharCode(buf[i]);
	return result;
};
var buf2string = (buf, max) => {
	const len = max || buf.length;
	if (typeof TextDecoder === "function" && TextDecoder.prototype.decode) return new TextDecoder().decode(buf.subarray(0, max));
	let i, out;
	const utf16buf = new Array(len * 2);
	for (out = 0, i = 0; i < len;) {
		let c = buf[i++];
		if (c < 128) {
			utf16buf[out++] = c;
			continue;
		}
		let c_len = _utf8len[c];
		if (c_len > 4) {
			utf16buf[out++] = 65533;
			i += c_len - 1;
			continue;
		}
		c &= c_len === 2 ? 31 : c_len === 3 ? 15 : 7;
		while (c_len > 1 && i < len) {
			c = c << 6 | buf[i++] & 63;
			c_len--;
		}
		if (c_len > 1) {
			utf16buf[out++] = 65533;
			continue;
		}
		if (c < 65536) utf16buf[out++] = c;
		else {
			c -= 65536;
			utf16buf[out++] = 55296 | c >> 10 & 1023;
			utf16buf[out++] = 56320 | c & 1023;
		}
	}
	return buf2binstring(utf16buf, out);
};
var utf8border = (buf, max) => {
	max = max || buf.length;
	if (max > buf.length) max = buf.length;
	let pos = max - 1;
	while (pos >= 0 && (buf[pos] & 192) === 128) pos--;
	if (pos < 0) return max;
	if (pos === 0) return max;
	return pos + _utf8len[buf[pos]] > max ? pos : max;
};
var strings = {
	string2buf,
	buf2string,
	utf8border
};
function ZStream() {
	this.input = null;
	this.next_in = 0;
	this.avail_in = 0;
	this.total_in = 0;
	this.output = null;
	this.next_out = 0;
	this.avail_out = 0;
	this.total_out = 0;
	this.msg = "";
	this.state = null;
	this.data_type = 2;
	this.adler = 0;
}
var zstream = ZStream;
const toString$1 = Object.prototype.toString;
const { Z_NO_FLUSH: Z_NO_FLUSH$1, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH: Z_FINISH$2, Z_OK: Z_OK$2, Z_STREAM_END: Z_STREAM_END$2, Z_DEFAULT_COMPRESSION, Z_DEFAULT_STRATEGY, Z_DEFLATED: Z_DEFLATED$1 } = constants$2;
/**
* class Deflate
*
* Generic JS-style wrapper for zlib calls. If you don't need
* streaming behaviour - use more simple functions: [[deflate]],
* [[deflateRaw]] and [[gzip]].
**/
/**
* Deflate.result -> Uint8Array
*
* Compressed result, generated by default [[Deflate#onData]]
* and [[Deflate#onEnd]] handlers. Filled after you push last chunk
* (call [[Deflate#push]] with `Z_FINISH` / `true` param).
**/
/**
* Deflate.err -> Number
*
* Error code after deflate finished. 0 (Z_OK) on success.
* You will not need it in real life, because deflate errors
* are possible only on wrong options or bad `onData` / `onEnd`
* custom handlers.
**/
/**
* Deflate.msg -> String
*
* Error message, if [[Deflate.err]] != 0
**/
/**
* new Deflate(options)
* - options (Object): zlib deflate options.
*
* Creates new deflator instance with specified params. Throws exception
* on bad params. Supported options:
*
* - `level`
* - `windowBits`
* - `memLevel`
* - `strategy`
* - `dictionary`
*
* [http://zlib.net/manual.html#Advanced](http://zlib.net/manual.html#Advanced)
* for more information on these.
*
* Additional options, for internal needs:
*
* - `chunkSize` - size of generated data chunks (16K by default)
* - `raw` (Boolean) - do raw deflate
* - `gzip` (Boolean) - create gzip wrapper
* - `header` (Object) - custom header for gzip
*   - `text` (Boolean) - true if compressed data believed to be text
*   - `time` (Number) - modification time, unix timestamp
*   - `os` (Number) - operation system code
*   - `extra` (Array) - array of bytes with extra data (max 65536)
*   - `name` (String) - file name (binary string)
*   - `comment` (String) - comment (binary string)
*   - `hcrc` (Boolean) - true if header crc should be added
*
* ##### Example:
*
* ```javascript
* const pako = require('pako')
*   , chunk1 = new Uint8Array([1,2,3,4,5,6,7,8,9])
*   , chunk2 = new Uint8Array([10,11,12,13,14,15,16,17,18,19]);
*
* const deflate = new pako.Deflate({ level: 3});
*
* deflate.push(chunk1, false);
* deflate.push(chunk2, true);  // true -> last chunk
*
* if (deflate.err) { throw new Error(deflate.err); }
*
* console.log(deflate.result);
* ```
**/
function Deflate$1(options) {
	this.options = common.assign({
		level: Z_DEFAULT_COMPRESSION,
		method: Z_DEFLATED$1,
		chunkSize: 16384,
		windowBits: 15,
		memLevel: 8,
		strategy: Z_DEFAULT_STRATEGY
	}, options || {});
	let opt = this.options;
	if (opt.raw && opt.windowBits > 0) opt.windowBits = -opt.windowBits;
	else if (opt.gzip && opt.windowBits > 0 && opt.windowBits < 16) opt.windowBits += 16;
	this.err = 0;
	this.msg = "";
	this.ended = false;
	this.chunks = [];
	this.strm = new zstream();
	this.strm.avail_out = 0;
	let status = deflate_1$2.deflateInit2(this.strm, opt.level, opt.method, opt.windowBits, opt.memLevel, opt.strategy);
	if (status !== Z_OK$2) throw new Error(messages[status]);
	if (opt.header) deflate_1$2.deflateSetHeader(this.strm, opt.header);
	if (opt.dictionary) {
		let dict;
		if (typeof opt.dictionary === "string") dict = strings.string2buf(opt.dictionary);
		else if (toString$1.call(opt.dictionary) === "[object ArrayBuffer]") dict = new Uint8Array(opt.dictionary);
		else dict = opt.dictionary;
		status = deflate_1$2.deflateSetDictionary(this.strm, dict);
		if (status !== Z_OK$2) throw new Error(messages[status]);
		this._dict_set = true;
	}
}
/**
* Deflate#push(data[, flush_mode]) -> Boolean
* - data (Uint8Array|ArrayBuffer|String): input data. Strings will be
*   converted to utf8 byte sequence.
* - flush_mode (Number|Boolean): 0..6 for corresponding Z_NO_FLUSH..Z_TREE modes.
*   See constants. Skipped or `false` means Z_NO_FLUSH, `true` means Z_FINISH.
*
* Sends input data to deflate pipe, generating [[Deflate#onData]] calls with
* new compressed chunks. Returns `true` on success. The last data block must
* have `flush_mode` Z_FINISH (or `true`). That will flush internal pending
* buffers and call [[Deflate#onEnd]].
*
* On fail call [[Deflate#onEnd]] with error code and return false.
*
* ##### Example
*
* ```javascript
* push(chunk, false); // push one of data chunks
* ...
* push(chunk, true);  // push last chunk
* ```
**/
Deflate$1.prototype.push = function(data, flush_mode) {
	const strm = this.strm;
	const chunkSize = this.options.chunkSize;
	let status, _flush_mode;
	if (this.ended) return false;
	if (flush_mode === ~~flush_mode) _flush_mode = flush_mode;
	else _flush_mode = flush_mode === true ? Z_FINISH$2 : Z_NO_FLUSH$1;
	if (typeof data === "string") strm.input = strings.string2buf(data);
	else if (toString$1.call(data) === "[object ArrayBuffer]") strm.input = new Uint8Array(data);
	else strm.input = data;
	strm.next_in = 0;
	strm.avail_in = strm.input.length;
	for (;;) {
		if (strm.avail_out === 0) {
			strm.output = new Uint8Array(chunkSize);
			strm.next_out = 0;
			strm.avail_out = chunkSize;
		}
		if ((_flush_mode === Z_SYNC_FLUSH || _flush_mode === Z_FULL_FLUSH) && strm.avail_out <= 6) {
			this.onData(strm.output.subarray(0, strm.next_out));
			strm.avail_out = 0;
			continue;
		}
		status = deflate_1$2.deflate(strm, _flush_mode);
		if (status === Z_STREAM_END$2) {
			if (strm.next_out > 0) this.onData(strm.output.subarray(0, strm.next_out));
			status = deflate_1$2.deflateEnd(this.strm);
			this.onEnd(status);
			this.ended = true;
			return status === Z_OK$2;
		}
		if (strm.avail_out === 0) {
			this.onData(strm.output);
			continue;
		}
		if (_flush_mode > 0 && strm.next_out > 0) {
			this.onData(strm.output.subarray(0, strm.next_out));
			strm.avail_out = 0;
			continue;
		}
		if (strm.avail_in === 0) break;
	}
	return true;
};
/**
* Deflate#onData(chunk) -> Void
* - chunk (Uint8Array): output data.
*
* By default, stores data blocks in `chunks[]` property and glue
* those in `onEnd`. Override this handler, if you need another behaviour.
**/
Deflate$1.prototype.onData = function(chunk) {
	this.chunks.push(chunk);
};
/**
* Deflate#onEnd(status) -> Void
* - status (Number): deflate status. 0 (Z_OK) on success,
*   other if not.
*
* Called once after you tell deflate that the input stream is
* complete (Z_FINISH). By default - join collected chunks,
* free memory and fill `results` / `err` properties.
**/
Deflate$1.prototype.onEnd = function(status) {
	if (status === Z_OK$2) this.result = common.flattenChunks(this.chunks);
	this.chunks = [];
	this.err = status;
	this.msg = this.strm.msg;
};
/**
* deflate(data[, options]) -> Uint8Array
* - data (Uint8Array|ArrayBuffer|String): input data to compress.
* - options (Object): zlib deflate options.
*
* Compress `data` with deflate algorithm and `options`.
*
* Supported options are:
*
* - level
* - windowBits
* - memLevel
* - strategy
* - dictionary
*
* [http://zlib.net/manual.html#Advanced](http://zlib.net/manual.html#Advanced)
* for more information on these.
*
* Sugar (options):
*
* - `raw` (Boolean) - say that we work with raw stream, if you don't wish to specify
*   negative windowBits implicitly.
*
* ##### Example:
*
* ```javascript
* const pako = require('pako')
* const data = new Uint8Array([1,2,3,4,5,6,7,8,9]);
*
* console.log(pako.deflate(data));
* ```
**/
function deflate$1(input, options) {
	const deflator = new Deflate$1(options);
	deflator.push(input, true);
	if (deflator.err) throw deflator.msg || messages[deflator.err];
	return deflator.result;
}
/**
* deflateRaw(data[, options]) -> Uint8Array
* - data (Uint8Array|ArrayBuffer|String): input data to compress.
* - options (Object): zlib deflate options.
*
* The same as [[deflate]], but creates raw data, without wrapper
* (header and adler32 crc).
**/
function deflateRaw$1(input, options) {
	options = options || {};
	options.raw = true;
	return deflate$1(input, options);
}
/**
* gzip(data[, options]) -> Uint8Array
* - data (Uint8Array|ArrayBuffer|String): input data to compress.
* - options (Object): zlib deflate options.
*
* The same as [[deflate]], but create gzip wrapper instead of
* deflate one.
**/
function gzip$1(input, options) {
	options = options || {};
	options.gzip = true;
	return deflate$1(input, options);
}
var deflate_1$1 = {
	Deflate: Deflate$1,
	deflate: deflate$1,
	deflateRaw: deflateRaw$1,
	gzip: gzip$1,
	constants: constants$2
};
const BAD$1 = 16209;
const TYPE$1 = 16191;
var inffast = function inflate_fast(strm, start) {
	let _in;
	let last;
	let _out;
	let beg;
	let end;
	let dmax;
	let wsize;
	let whave;
	let wnext;
	let s_window;
	let hold;
	let bits;
	let lcode;
	let dcode;
	let lmask;
	let dmask;
	let here;
	let op;
	let len;
	let dist;
	let from;
	let from_source;
	let input, output;
	const state = strm.state;
	_in = strm.next_in;
	input = strm.input;
	last = _in + (strm.avail_in - 5);
	_out = strm.next_out;
	output = strm.output;
	beg = _out - (start - strm.avail_out);
	end = _out + (strm.avail_out - 257);
	dmax = state.dmax;
	wsize = state.wsize;
	whave = state.whave;
	wnext = state.wnext;
	s_window = state.window;
	hold = state.hold;
	bits = state.bits;
	lcode = state.lencode;
	dcode = state.distcode;
	lmask = (1 << state.lenbits) - 1;
	dmask = (1 << state.distbits) - 1;
	top: do {
		if (bits < 15) {
			hold += input[_in++] << bits;
			bits += 8;
			hold += input[_in++] << bits;
			bits += 8;
		}
		here = lcode[hold & lmask];
		dolen: for (;;) {
			op = here >>> 24;
			hold >>>= op;
			bits -= op;
			op = here >>> 16 & 255;
			if (op === 0) output[_out++] = here & 65535;
			else if (op & 16) {
				len = here & 65535;
				op &= 15;
				if (op) {
					if (bits < op) {
						hold += input[_in++] << bits;
						bits += 8;
					}
					len += hold & (1 << op) - 1;
					hold >>>= op;
					bits -= op;
				}
				if (bits < 15) {
					hold += input[_in++] << bits;
					bits += 8;
					hold += input[_in++] << bits;
					bits += 8;
				}
				here = dcode[hold & dmask];
				dodist: for (;;) {
					op = here >>> 24;
					hold >>>= op;
					bits -= op;
					op = here >>> 16 & 255;
					if (op & 16) {
						dist = here & 65535;
						op &= 15;
						if (bits < op) {
							hold += input[_in++] << bits;
							bits += 8;
							if (bits < op) {
								hold += input[_in++] << bits;
								bits += 8;
							}
						}
						dist += hold & (1 << op) - 1;
						if (dist > dmax) {
							strm.msg = "invalid distance too far back";
							state.mode = BAD$1;
							break top;
						}
						hold >>>= op;
						bits -= op;
						op = _out - beg;
						if (dist > op) {
							op = dist - op;
							if (op > whave) {
								if (state.sane) {
									strm.msg = "invalid distance too far back";
									state.mode = BAD$1;
									break top;
								}
							}
							from = 0;
							from_source = s_window;
							if (wnext === 0) {
								from += wsize - op;
								if (op < len) {
									len -= op;
									do
										output[_out++] = s_window[from++];
									while (--op);
									from = _out - dist;
									from_source = output;
								}
							} else if (wnext < op) {
								from += wsize + wnext - op;
								op -= wnext;
								if (op < len) {
									len -= op;
									do
										output[_out++] = s_window[from++];
									while (--op);
									from = 0;
									if (wnext < len) {
										op = wnext;
										len -= op;
										do
											output[_out++] = s_window[from++];
										while (--op);
										from = _out - dist;
										from_source = output;
									}
								}
							} else {
								from += wnext - op;
								if (op < len) {
									len -= op;
									do
										output[_out++] = s_window[from++];
									while (--op);
									from = _out - dist;
									from_source = output;
								}
							}
							while (len > 2) {
								output[_out++] = from_source[from++];
								output[_out++] = from_source[from++];
								output[_out++] = from_source[from++];
								len -= 3;
							}
							if (len) {
								output[_out++] = from_source[from++];
								if (len > 1) output[_out++] = from_source[from++];
							}
						} else {
							from = _out - dist;
							do {
								output[_out++] = output[from++];
								output[_out++] = output[from++];
								output[_out++] = output[from++];
								len -= 3;
							} while (len > 2);
							if (len) {
								output[_out++] = output[from++];
								if (len > 1) output[_out++] = output[from++];
							}
						}
					} else if ((op & 64) === 0) {
						here = dcode[(here & 65535) + (hold & (1 << op) - 1)];
						continue dodist;
					} else {
						strm.msg = "invalid distance code";
						state.mode = BAD$1;
						break top;
					}
					break;
				}
			} else if ((op & 64) === 0) {
				here = lcode[(here & 65535) + (hold & (1 << op) - 1)];
				continue dolen;
			} else if (op & 32) {
				state.mode = TYPE$1;
				break top;
			} else {
				strm.msg = "invalid literal/length code";
				state.mode = BAD$1;
				break top;
			}
			break;
		}
	} while (_in < last && _out < end);
	len = bits >> 3;
	_in -= len;
	bits -= len << 3;
	hold &= (1 << bits) - 1;
	strm.next_in = _in;
	strm.next_out = _out;
	strm.avail_in = _in < last ? 5 + (last - _in) : 5 - (_in - last);
	strm.avail_out = _out < end ? 257 + (end - _out) : 257 - (_out - end);
	state.hold = hold;
	state.bits = bits;
};
const MAXBITS = 15;
const ENOUGH_LENS$1 = 852;
const ENOUGH_DISTS$1 = 592;
const CODES$1 = 0;
const LENS$1 = 1;
const DISTS$1 = 2;
const lbase = new Uint16Array([
	3,
	4,
	5,
	6,
	7,
	8,
	9,
	10,
	11,
	13,
	15,
	17,
	19,
	23,
	27,
	31,
	35,
	43,
	51,
	59,
	67,
	83,
	99,
	115,
	131,
	163,
	195,
	227,
	258,
	0,
	0
]);
const lext = new Uint8Array([
	16,
	16,
	16,
	16,
	16,
	16,
	16,
	16,
	17,
	17,
	17,
	17,
	18,
	18,
	18,
	18,
	19,
	19,
	19,
	19,
	20,
	20,
	20,
	20,
	21,
	21,
	21,
	21,
	16,
	72,
	78
]);
const dbase = new Uint16Array([
	1,
	2,
	3,
	4,
	5,
	7,
	9,
	13,
	17,
	25,
	33,
	49,
	65,
	97,
	129,
	193,
	257,
	385,
	513,
	769,
	1025,
	1537,
	2049,
	3073,
	4097,
	6145,
	8193,
	12289,
	16385,
	24577,
	0,
	0
]);
const dext = new Uint8Array([
	16,
	16,
	16,
	16,
	17,
	17,
	18,
	18,
	19,
	19,
	20,
	20,
	21,
	21,
	22,
	22,
	23,
	23,
	24,
	24,
	25,
	25,
	26,
	26,
	27,
	27,
	28,
	28,
	29,
	29,
	64,
	64
]);
const inflate_table = (type, lens, lens_index, codes, table, table_index, work, opts) => {
	const bits = opts.bits;
	let len = 0;
	let sym = 0;
	let min = 0, max = 0;
	let root = 0;
	let curr = 0;
	let drop = 0;
	let left = 0;
	let used = 0;
	let huff = 0;
	let incr;
	let fill;
	let low;
	let mask;
	let next;
	let base = null;
	let match;
	const count = /* @__PURE__ */ new Uint16Array(16);
	const offs = /* @__PURE__ */ new Uint16Array(16);
	let extra = null;
	let here_bits, here_op, here_val;
	for (len = 0; len <= MAXBITS; len++) count[len] = 0;
	for (sym = 0; sym < codes; sym++) count[lens[lens_index + sym]]++;
	root = bits;
	for (max = MAXBITS; max >= 1; max--) if (count[max] !== 0) break;
	if (root > max) root = max;
	if (max === 0) {
		table[table_index++] = 20971520;
		table[table_index++] = 20971520;
		opts.bits = 1;
		return 0;
	}
	for (min = 1; min < max; min++) if (count[min] !== 0) break;
	if (root < min) root = min;
	left = 1;
	for (len = 1; len <= MAXBITS; len++) {
		left <<= 1;
		left -= count[len];
		if (left < 0) return -1;
	}
	if (left > 0 && (type === CODES$1 || max !== 1)) return -1;
	offs[1] = 0;
	for (len = 1; len < MAXBITS; len++) offs[len + 1] = offs[len] + count[len];
	for (sym = 0; sym < codes; sym++) if (lens[lens_index + sym] !== 0) work[offs[lens[lens_index + sym]]++] = sym;
	if (type === CODES$1) {
		base = extra = work;
		match = 20;
	} else if (type === LENS$1) {
		base = lbase;
		extra = lext;
		match = 257;
	} else {
		base = dbase;
		extra = dext;
		match = 0;
	}
	huff = 0;
	sym = 0;
	len = min;
	next = table_index;
	curr = root;
	drop = 0;
	low = -1;
	used = 1 << root;
	mask = used - 1;
	if (type === LENS$1 && used > ENOUGH_LENS$1 || type === DISTS$1 && used > ENOUGH_DISTS$1) return 1;
	for (;;) {
		here_bits = len - drop;
		if (work[sym] + 1 < match) {
			here_op = 0;
			here_val = work[sym];
		} else if (work[sym] >= match) {
			here_op = extra[work[sym] - match];
			here_val = base[work[sym] - match];
		} else {
			here_op = 96;
			here_val = 0;
		}
		incr = 1 << len - drop;
		fill = 1 << curr;
		min = fill;
		do {
			fill -= incr;
			table[next + (huff >> drop) + fill] = here_bits << 24 | here_op << 16 | here_val | 0;
		} while (fill !== 0);
		incr = 1 << len - 1;
		while (huff & incr) incr >>= 1;
		if (incr !== 0) {
			huff &= incr - 1;
			huff += incr;
		} else huff = 0;
		sym++;
		if (--count[len] === 0) {
			if (len === max) break;
			len = lens[lens_index + work[sym]];
		}
		if (len > root && (huff & mask) !== low) {
			if (drop === 0) drop = root;
			next += min;
			curr = len - drop;
			left = 1 << curr;
			while (curr + drop < max) {
				left -= count[curr + drop];
				if (left <= 0) break;
				curr++;
				left <<= 1;
			}
			used += 1 << curr;
			if (type === LENS$1 && used > ENOUGH_LENS$1 || type === DISTS$1 && used > ENOUGH_DISTS$1) return 1;
			low = huff & mask;
			table[low] = root << 24 | curr << 16 | next - table_index | 0;
		}
	}
	if (huff !== 0) table[next + huff] = len - drop << 24 | 4194304;
	opts.bits = root;
	return 0;
};
var inftrees = inflate_table;
const CODES = 0;
const LENS = 1;
const DISTS = 2;
const { Z_FINISH: Z_FINISH$1, Z_BLOCK, Z_TREES, Z_OK: Z_OK$1, Z_STREAM_END: Z_STREAM_END$1, Z_NEED_DICT: Z_NEED_DICT$1, Z_STREAM_ERROR: Z_STREAM_ERROR$1, Z_DATA_ERROR: Z_DATA_ERROR$1, Z_MEM_ERROR: Z_MEM_ERROR$1, Z_BUF_ERROR, Z_DEFLATED } = constants$2;
const HEAD = 16180;
const FLAGS = 16181;
const TIME = 16182;
const OS = 16183;
const EXLEN = 16184;
const EXTRA = 16185;
const NAME = 16186;
const COMMENT = 16187;
const HCRC = 16188;
const DICTID = 16189;
const DICT = 16190;
const TYPE = 16191;
const TYPEDO = 16192;
const STORED = 16193;
const COPY_ = 16194;
const COPY = 16195;
const TABLE = 16196;
const LENLENS = 16197;
const CODELENS = 16198;
const LEN_ = 16199;
const LEN = 16200;
const LENEXT = 16201;
const DIST = 16202;
const DISTEXT = 16203;
const MATCH = 16204;
const LIT = 16205;
const CHECK = 16206;
const LENGTH = 16207;
const DONE = 16208;
const BAD = 16209;
const MEM = 16210;
const SYNC = 16211;
const ENOUGH_LENS = 852;
const ENOUGH_DISTS = 592;
const DEF_WBITS = 15;
const zswap32 = (q) => {
	return (q >>> 24 & 255) + (q >>> 8 & 65280) + ((q & 65280) << 8) + ((q & 255) << 24);
};
function InflateState() {
	this.strm = null;
	this.mode = 0;
	this.last = false;
	this.wrap = 0;
	this.havedict = false;
	this.flags = 0;
	this.dmax = 0;
	this.check = 0;
	this.total = 0;
	this.head = null;
	this.wbits = 0;
	this.wsize = 0;
	this.whave = 0;
	this.wnext = 0;
	this.window = null;
	this.hold = 0;
	this.bits = 0;
	this.length = 0;
	this.offset = 0;
	this.extra = 0;
	this.lencode = null;
	this.distcode = null;
	this.lenbits = 0;
	this.distbits = 0;
	this.ncode = 0;
	this.nlen = 0;
	this.ndist = 0;
	this.have = 0;
	this.next = null;
	this.lens = /* @__PURE__ */ new Uint16Array(320);
	this.work = /* @__PURE__ */ new Uint16Array(288);
	this.lendyn = null;
	this.distdyn = null;
	this.sane = 0;
	this.back = 0;
	this.was = 0;
}
const inflateStateCheck = (strm) => {
	if (!strm) return 1;
	const state = strm.state;
	if (!state || state.strm !== strm || state.mode < HEAD || state.mode > SYNC) return 1;
	return 0;
};
const inflateResetKeep = (strm) => {
	if (inflateStateCheck(strm)) return Z_STREAM_ERROR$1;
	const state = strm.state;
	strm.total_in = strm.total_out = state.total = 0;
	strm.msg = "";
	if (state.wrap) strm.adler = state.wrap & 1;
	state.mode = HEAD;
	state.last = 0;
	state.havedict = 0;
	state.flags = -1;
	state.dmax = 32768;
	state.head = null;
	state.hold = 0;
	state.bits = 0;
	state.lencode = state.lendyn = new Int32Array(ENOUGH_LENS);
	state.distcode = state.distdyn = new Int32Array(ENOUGH_DISTS);
	state.sane = 1;
	state.back = -1;
	return Z_OK$1;
};
const inflateReset = (strm) => {
	if (inflateStateCheck(strm)) return Z_STREAM_ERROR$1;
	const state = strm.state;
	state.wsize = 0;
	state.whave = 0;
	state.wnext = 0;
	return inflateResetKeep(strm);
};
const inflateReset2 = (strm, windowBits) => {
	let wrap;
	if (inflateStateCheck(strm)) return Z_STREAM_ERROR$1;
	const state = strm.state;
	if (windowBits < 0) {
		wrap = 0;
		windowBits = -windowBits;
	} else {
		wrap = (windowBits >> 4) + 5;
		if (windowBits < 48) windowBits &= 15;
	}
	if (windowBits && (windowBits < 8 || windowBits > 15)) return Z_STREAM_ERROR$1;
	if (state.window !== null && state.wbits !== windowBits) state.window = null;
	state.wrap = wrap;
	state.wbits = windowBits;
	return inflateReset(strm);
};
const inflateInit2 = (strm, windowBits) => {
	if (!strm) return Z_STREAM_ERROR$1;
	const state = new InflateState();
	strm.state = state;
	state.strm = strm;
	state.window = null;
	state.mode = HEAD;
	const ret = inflateReset2(strm, windowBits);
	if (ret !== Z_OK$1) strm.state = null;
	return ret;
};
const inflateInit = (strm) => {
	return inflateInit2(strm, DEF_WBITS);
};
let virgin = true;
let lenfix;
let distfix;
const fixedtables = (state) => {
	if (virgin) {
		lenfix = /* @__PURE__ */ new Int32Array(512);
		distfix = /* @__PURE__ */ new Int32Array(32);
		let sym = 0;
		while (sym < 144) state.lens[sym++] = 8;
		while (sym < 256) state.lens[sym++] = 9;
		while (sym < 280) state.lens[sym++] = 7;
		while (sym < 288) state.lens[sym++] = 8;
		inftrees(LENS, state.lens, 0, 288, lenfix, 0, state.work, { bits: 9 });
		sym = 0;
		while (sym < 32) state.lens[sym++] = 5;
		inftrees(DISTS, state.lens, 0, 32, distfix, 0, state.work, { bits: 5 });
		virgin = false;
	}
	state.lencode = lenfix;
	state.lenbits = 9;
	state.distcode = distfix;
	state.distbits = 5;
};
const updatewindow = (strm, src, end, copy) => {
	let dist;
	const state = strm.state;
	if (state.window === null) {
		state.wsize = 1 << state.wbits;
		state.wnext = 0;
		state.whave = 0;
		state.window = new Uint8Array(state.wsize);
	}
	if (copy >= state.wsize) {
		state.window.set(src.subarray(end - state.wsize, end), 0);
		state.wnext = 0;
		state.whave = state.wsize;
	} else {
		dist = state.wsize - state.wnext;
		if (dist > copy) dist = copy;
		state.window.set(src.subarray(end - copy, end - copy + dist), state.wnext);
		copy -= dist;
		if (copy) {
			state.window.set(src.subarray(end - copy, end), 0);
			state.wnext = copy;
			state.whave = state.wsize;
		} else {
			state.wnext += dist;
			if (state.wnext === state.wsize) state.wnext = 0;
			if (state.whave < state.wsize) state.whave += dist;
		}
	}
	return 0;
};
const inflate$2 = (strm, flush) => {
	let state;
	let input, output;
	let next;
	let put;
	let have, left;
	let hold;
	let bits;
	let _in, _out;
	let copy;
	let from;
	let from_source;
	let here = 0;
	let here_bits, here_op, here_val;
	let last_bits, last_op, last_val;
	let len;
	let ret;
	const hbuf = /* @__PURE__ */ new Uint8Array(4);
	let opts;
	let n;
	const order = new Uint8Array([
		16,
		17,
		18,
		0,
		8,
		7,
		9,
		6,
		10,
		5,
		11,
		4,
		12,
		3,
		13,
		2,
		14,
		1,
		15
	]);
	if (inflateStateCheck(strm) || !strm.output || !strm.input && strm.avail_in !== 0) return Z_STREAM_ERROR$1;
	state = strm.state;
	if (state.mode === TYPE) state.mode = TYPEDO;
	put = strm.next_out;
	output = strm.output;
	left = strm.avail_out;
	next = strm.next_in;
	input = strm.input;
	have = strm.avail_in;
	hold = state.hold;
	bits = state.bits;
	_in = have;
	_out = left;
	ret = Z_OK$1;
	inf_leave: for (;;) switch (state.mode) {
		case HEAD:
			if (state.wrap === 0) {
				state.mode = TYPEDO;
				break;
			}
			while (bits < 16) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			if (state.wrap & 2 && hold === 35615) {
				if (state.wbits === 0) state.wbits = 15;
				state.check = 0;
				hbuf[0] = hold & 255;
				hbuf[1] = hold >>> 8 & 255;
				state.check = crc32_1(state.check, hbuf, 2, 0);
				hold = 0;
				bits = 0;
				state.mode = FLAGS;
				break;
			}
			if (state.head) state.head.done = false;
			if (!(state.wrap & 1) || (((hold & 255) << 8) + (hold >> 8)) % 31) {
				strm.msg = "incorrect header check";
				state.mode = BAD;
				break;
			}
			if ((hold & 15) !== Z_DEFLATED) {
				strm.msg = "unknown compression method";
				state.mode = BAD;
				break;
			}
			hold >>>= 4;
			bits -= 4;
			len = (hold & 15) + 8;
			if (state.wbits === 0) state.wbits = len;
			if (len > 15 || len > state.wbits) {
				strm.msg = "invalid window size";
				state.mode = BAD;
				break;
			}
			state.dmax = 1 << state.wbits;
			state.flags = 0;
			strm.adler = state.check = 1;
			state.mode = hold & 512 ? DICTID : TYPE;
			hold = 0;
			bits = 0;
			break;
		case FLAGS:
			while (bits < 16) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			state.flags = hold;
			if ((state.flags & 255) !== Z_DEFLATED) {
				strm.msg = "unknown compression method";
				state.mode = BAD;
				break;
			}
			if (state.flags & 57344) {
				strm.msg = "unknown header flags set";
				state.mode = BAD;
				break;
			}
			if (state.head) state.head.text = hold >> 8 & 1;
			if (state.flags & 512 && state.wrap & 4) {
				hbuf[0] = hold & 255;
				hbuf[1] = hold >>> 8 & 255;
				state.check = crc32_1(state.check, hbuf, 2, 0);
			}
			hold = 0;
			bits = 0;
			state.mode = TIME;
		case TIME:
			while (bits < 32) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			if (state.head) state.head.time = hold;
			if (state.flags & 512 && state.wrap & 4) {
				hbuf[0] = hold & 255;
				hbuf[1] = hold >>> 8 & 255;
				hbuf[2] = hold >>> 16 & 255;
				hbuf[3] = hold >>> 24 & 255;
				state.check = crc32_1(state.check, hbuf, 4, 0);
			}
			hold = 0;
			bits = 0;
			state.mode = OS;
		case OS:
			while (bits < 16) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			if (state.head) {
				state.head.xflags = hold & 255;
				state.head.os = hold >> 8;
			}
			if (state.flags & 512 && state.wrap & 4) {
				hbuf[0] = hold & 255;
				hbuf[1] = hold >>> 8 & 255;
				state.check = crc32_1(state.check, hbuf, 2, 0);
			}
			hold = 0;
			bits = 0;
			state.mode = EXLEN;
		case EXLEN:
			if (state.flags & 1024) {
				while (bits < 16) {
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				state.length = hold;
				if (state.head) state.head.extra_len = hold;
				if (state.flags & 512 && state.wrap & 4) {
					hbuf[0] = hold & 255;
					hbuf[1] = hold >>> 8 & 255;
					state.check = crc32_1(state.check, hbuf, 2, 0);
				}
				hold = 0;
				bits = 0;
			} else if (state.head) state.head.extra = null;
			state.mode = EXTRA;
		case EXTRA:
			if (state.flags & 1024) {
				copy = state.length;
				if (copy > have) copy = have;
				if (copy) {
					if (state.head) {
						len = state.head.extra_len - state.length;
						if (!state.head.extra) state.head.extra = new Uint8Array(state.head.extra_len);
						state.head.extra.set(input.subarray(next, next + copy), len);
					}
					if (state.flags & 512 && state.wrap & 4) state.check = crc32_1(state.check, input, copy, next);
					have -= copy;
					next += copy;
					state.length -= copy;
				}
				if (state.length) break inf_leave;
			}
			state.length = 0;
			state.mode = NAME;
		case NAME:
			if (state.flags & 2048) {
				if (have === 0) break inf_leave;
				copy = 0;
				do {
					len = input[next + copy++];
					if (state.head && len && state.length < 65536) state.head.name += String.fromCharCode(len);
				} while (len && copy < have);
				if (state.flags & 512 && state.wrap & 4) state.check = crc32_1(state.check, input, copy, next);
				have -= copy;
				next += copy;
				if (len) break inf_leave;
			} else if (state.head) state.head.name = null;
			state.length = 0;
			state.mode = COMMENT;
		case COMMENT:
			if (state.flags & 4096) {
				if (have === 0) break inf_leave;
				copy = 0;
				do {
					len = input[next + copy++];
					if (state.head && len && state.length < 65536) state.head.comment += String.fromCharCode(len);
				} while (len && copy < have);
				if (state.flags & 512 && state.wrap & 4) state.check = crc32_1(state.check, input, copy, next);
				have -= copy;
				next += copy;
				if (len) break inf_leave;
			} else if (state.head) state.head.comment = null;
			state.mode = HCRC;
		case HCRC:
			if (state.flags & 512) {
				while (bits < 16) {
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				if (state.wrap & 4 && hold !== (state.check & 65535)) {
					strm.msg = "header crc mismatch";
					state.mode = BAD;
					break;
				}
				hold = 0;
				bits = 0;
			}
			if (state.head) {
				state.head.hcrc = state.flags >> 9 & 1;
				state.head.done = true;
			}
			strm.adler = state.check = 0;
			state.mode = TYPE;
			break;
		case DICTID:
			while (bits < 32) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			strm.adler = state.check = zswap32(hold);
			hold = 0;
			bits = 0;
			state.mode = DICT;
		case DICT:
			if (state.havedict === 0) {
				strm.next_out = put;
				strm.avail_out = left;
				strm.next_in = next;
				strm.avail_in = have;
				state.hold = hold;
				state.bits = bits;
				return Z_NEED_DICT$1;
			}
			strm.adler = state.check = 1;
			state.mode = TYPE;
		case TYPE: if (flush === Z_BLOCK || flush === Z_TREES) break inf_leave;
		case TYPEDO:
			if (state.last) {
				hold >>>= bits & 7;
				bits -= bits & 7;
				state.mode = CHECK;
				break;
			}
			while (bits < 3) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			state.last = hold & 1;
			hold >>>= 1;
			bits -= 1;
			switch (hold & 3) {
				case 0:
					state.mode = STORED;
					break;
				case 1:
					fixedtables(state);
					state.mode = LEN_;
					if (flush === Z_TREES) {
						hold >>>= 2;
						bits -= 2;
						break inf_leave;
					}
					break;
				case 2:
					state.mode = TABLE;
					break;
				case 3:
					strm.msg = "invalid block type";
					state.mode = BAD;
			}
			hold >>>= 2;
			bits -= 2;
			break;
		case STORED:
			hold >>>= bits & 7;
			bits -= bits & 7;
			while (bits < 32) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			if ((hold & 65535) !== (hold >>> 16 ^ 65535)) {
				strm.msg = "invalid stored block lengths";
				state.mode = BAD;
				break;
			}
			state.length = hold & 65535;
			hold = 0;
			bits = 0;
			state.mode = COPY_;
			if (flush === Z_TREES) break inf_leave;
		case COPY_: state.mode = COPY;
		case COPY:
			copy = state.length;
			if (copy) {
				if (copy > have) copy = have;
				if (copy > left) copy = left;
				if (copy === 0) break inf_leave;
				output.set(input.subarray(next, next + copy), put);
				have -= copy;
				next += copy;
				left -= copy;
				put += copy;
				state.length -= copy;
				break;
			}
			state.mode = TYPE;
			break;
		case TABLE:
			while (bits < 14) {
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			state.nlen = (hold & 31) + 257;
			hold >>>= 5;
			bits -= 5;
			state.ndist = (hold & 31) + 1;
			hold >>>= 5;
			bits -= 5;
			state.ncode = (hold & 15) + 4;
			hold >>>= 4;
			bits -= 4;
			if (state.nlen > 286 || state.ndist > 30) {
				strm.msg = "too many length or distance symbols";
				state.mode = BAD;
				break;
			}
			state.have = 0;
			state.mode = LENLENS;
		case LENLENS:
			while (state.have < state.ncode) {
				while (bits < 3) {
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				state.lens[order[state.have++]] = hold & 7;
				hold >>>= 3;
				bits -= 3;
			}
			while (state.have < 19) state.lens[order[state.have++]] = 0;
			state.lencode = state.lendyn;
			state.lenbits = 7;
			opts = { bits: state.lenbits };
			ret = inftrees(CODES, state.lens, 0, 19, state.lencode, 0, state.work, opts);
			state.lenbits = opts.bits;
			if (ret) {
				strm.msg = "invalid code lengths set";
				state.mode = BAD;
				break;
			}
			state.have = 0;
			state.mode = CODELENS;
		case CODELENS:
			while (state.have < state.nlen + state.ndist) {
				for (;;) {
					here = state.lencode[hold & (1 << state.lenbits) - 1];
					here_bits = here >>> 24;
					here_op = here >>> 16 & 255;
					here_val = here & 65535;
					if (here_bits <= bits) break;
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				if (here_val < 16) {
					hold >>>= here_bits;
					bits -= here_bits;
					state.lens[state.have++] = here_val;
				} else {
					if (here_val === 16) {
						n = here_bits + 2;
						while (bits < n) {
							if (have === 0) break inf_leave;
							have--;
							hold += input[next++] << bits;
							bits += 8;
						}
						hold >>>= here_bits;
						bits -= here_bits;
						if (state.have === 0) {
							strm.msg = "invalid bit length repeat";
							state.mode = BAD;
							break;
						}
						len = state.lens[state.have - 1];
						copy = 3 + (hold & 3);
						hold >>>= 2;
						bits -= 2;
					} else if (here_val === 17) {
						n = here_bits + 3;
						while (bits < n) {
							if (have === 0) break inf_leave;
							have--;
							hold += input[next++] << bits;
							bits += 8;
						}
						hold >>>= here_bits;
						bits -= here_bits;
						len = 0;
						copy = 3 + (hold & 7);
						hold >>>= 3;
						bits -= 3;
					} else {
						n = here_bits + 7;
						while (bits < n) {
							if (have === 0) break inf_leave;
							have--;
							hold += input[next++] << bits;
							bits += 8;
						}
						hold >>>= here_bits;
						bits -= here_bits;
						len = 0;
						copy = 11 + (hold & 127);
						hold >>>= 7;
						bits -= 7;
					}
					if (state.have + copy > state.nlen + state.ndist) {
						strm.msg = "invalid bit length repeat";
						state.mode = BAD;
						break;
					}
					while (copy--) state.lens[state.have++] = len;
				}
			}
			if (state.mode === BAD) break;
			if (state.lens[256] === 0) {
				strm.msg = "invalid code -- missing end-of-block";
				state.mode = BAD;
				break;
			}
			state.lenbits = 9;
			opts = { bits: state.lenbits };
			ret = inftrees(LENS, state.lens, 0, state.nlen, state.lencode, 0, state.work, opts);
			state.lenbits = opts.bits;
			if (ret) {
				strm.msg = "invalid literal/lengths set";
				state.mode = BAD;
				break;
			}
			state.distbits = 6;
			state.distcode = state.distdyn;
			opts = { bits: state.distbits };
			ret = inftrees(DISTS, state.lens, state.nlen, state.ndist, state.distcode, 0, state.work, opts);
			state.distbits = opts.bits;
			if (ret) {
				strm.msg = "invalid distances set";
				state.mode = BAD;
				break;
			}
			state.mode = LEN_;
			if (flush === Z_TREES) break inf_leave;
		case LEN_: state.mode = LEN;
		case LEN:
			if (have >= 6 && left >= 258) {
				strm.next_out = put;
				strm.avail_out = left;
				strm.next_in = next;
				strm.avail_in = have;
				state.hold = hold;
				state.bits = bits;
				inffast(strm, _out);
				put = strm.next_out;
				output = strm.output;
				left = strm.avail_out;
				next = strm.next_in;
				input = strm.input;
				have = strm.avail_in;
				hold = state.hold;
				bits = state.bits;
				if (state.mode === TYPE) state.back = -1;
				break;
			}
			state.back = 0;
			for (;;) {
				here = state.lencode[hold & (1 << state.lenbits) - 1];
				here_bits = here >>> 24;
				here_op = here >>> 16 & 255;
				here_val = here & 65535;
				if (here_bits <= bits) break;
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			if (here_op && (here_op & 240) === 0) {
				last_bits = here_bits;
				last_op = here_op;
				last_val = here_val;
				for (;;) {
					here = state.lencode[last_val + ((hold & (1 << last_bits + last_op) - 1) >> last_bits)];
					here_bits = here >>> 24;
					here_op = here >>> 16 & 255;
					here_val = here & 65535;
					if (last_bits + here_bits <= bits) break;
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				hold >>>= last_bits;
				bits -= last_bits;
				state.back += last_bits;
			}
			hold >>>= here_bits;
			bits -= here_bits;
			state.back += here_bits;
			state.length = here_val;
			if (here_op === 0) {
				state.mode = LIT;
				break;
			}
			if (here_op & 32) {
				state.back = -1;
				state.mode = TYPE;
				break;
			}
			if (here_op & 64) {
				strm.msg = "invalid literal/length code";
				state.mode = BAD;
				break;
			}
			state.extra = here_op & 15;
			state.mode = LENEXT;
		case LENEXT:
			if (state.extra) {
				n = state.extra;
				while (bits < n) {
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				state.length += hold & (1 << state.extra) - 1;
				hold >>>= state.extra;
				bits -= state.extra;
				state.back += state.extra;
			}
			state.was = state.length;
			state.mode = DIST;
		case DIST:
			for (;;) {
				here = state.distcode[hold & (1 << state.distbits) - 1];
				here_bits = here >>> 24;
				here_op = here >>> 16 & 255;
				here_val = here & 65535;
				if (here_bits <= bits) break;
				if (have === 0) break inf_leave;
				have--;
				hold += input[next++] << bits;
				bits += 8;
			}
			if ((here_op & 240) === 0) {
				last_bits = here_bits;
				last_op = here_op;
				last_val = here_val;
				for (;;) {
					here = state.distcode[last_val + ((hold & (1 << last_bits + last_op) - 1) >> last_bits)];
					here_bits = here >>> 24;
					here_op = here >>> 16 & 255;
					here_val = here & 65535;
					if (last_bits + here_bits <= bits) break;
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				hold >>>= last_bits;
				bits -= last_bits;
				state.back += last_bits;
			}
			hold >>>= here_bits;
			bits -= here_bits;
			state.back += here_bits;
			if (here_op & 64) {
				strm.msg = "invalid distance code";
				state.mode = BAD;
				break;
			}
			state.offset = here_val;
			state.extra = here_op & 15;
			state.mode = DISTEXT;
		case DISTEXT:
			if (state.extra) {
				n = state.extra;
				while (bits < n) {
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				state.offset += hold & (1 << state.extra) - 1;
				hold >>>= state.extra;
				bits -= state.extra;
				state.back += state.extra;
			}
			if (state.offset > state.dmax) {
				strm.msg = "invalid distance too far back";
				state.mode = BAD;
				break;
			}
			state.mode = MATCH;
		case MATCH:
			if (left === 0) break inf_leave;
			copy = _out - left;
			if (state.offset > copy) {
				copy = state.offset - copy;
				if (copy > state.whave) {
					if (state.sane) {
						strm.msg = "invalid distance too far back";
						state.mode = BAD;
						break;
					}
				}
				if (copy > state.wnext) {
					copy -= state.wnext;
					from = state.wsize - copy;
				} else from = state.wnext - copy;
				if (copy > state.length) copy = state.length;
				from_source = state.window;
			} else {
				from_source = output;
				from = put - state.offset;
				copy = state.length;
			}
			if (copy > left) copy = left;
			left -= copy;
			state.length -= copy;
			do
				output[put++] = from_source[from++];
			while (--copy);
			if (state.length === 0) state.mode = LEN;
			break;
		case LIT:
			if (left === 0) break inf_leave;
			output[put++] = state.length;
			left--;
			state.mode = LEN;
			break;
		case CHECK:
			if (state.wrap) {
				while (bits < 32) {
					if (have === 0) break inf_leave;
					have--;
					hold |= input[next++] << bits;
					bits += 8;
				}
				_out -= left;
				strm.total_out += _out;
				state.total += _out;
				if (state.wrap & 4 && _out) strm.adler = state.check = state.flags ? crc32_1(state.check, output, _out, put - _out) : adler32_1(state.check, output, _out, put - _out);
				_out = left;
				if (state.wrap & 4 && (state.flags ? hold : zswap32(hold)) !== state.check) {
					strm.msg = "incorrect data check";
					state.mode = BAD;
					break;
				}
				hold = 0;
				bits = 0;
			}
			state.mode = LENGTH;
		case LENGTH:
			if (state.wrap && state.flags) {
				while (bits < 32) {
					if (have === 0) break inf_leave;
					have--;
					hold += input[next++] << bits;
					bits += 8;
				}
				if (state.wrap & 4 && hold !== (state.total & 4294967295)) {
					strm.msg = "incorrect length check";
					state.mode = BAD;
					break;
				}
				hold = 0;
				bits = 0;
			}
			state.mode = DONE;
		case DONE:
			ret = Z_STREAM_END$1;
			break inf_leave;
		case BAD:
			ret = Z_DATA_ERROR$1;
			break inf_leave;
		case MEM: return Z_MEM_ERROR$1;
		case SYNC:
		default: return Z_STREAM_ERROR$1;
	}
	strm.next_out = put;
	strm.avail_out = left;
	strm.next_in = next;
	strm.avail_in = have;
	state.hold = hold;
	state.bits = bits;
	if (state.wsize || _out !== strm.avail_out && state.mode < BAD && (state.mode < CHECK || flush !== Z_FINISH$1)) {
		if (updatewindow(strm, strm.output, strm.next_out, _out - strm.avail_out));
	}
	_in -= strm.avail_in;
	_out -= strm.avail_out;
	strm.total_in += _in;
	strm.total_out += _out;
	state.total += _out;
	if (state.wrap & 4 && _out) strm.adler = state.check = state.flags ? crc32_1(state.check, output, _out, strm.next_out - _out) : adler32_1(state.check, output, _out, strm.next_out - _out);
	strm.data_type = state.bits + (state.last ? 64 : 0) + (state.mode === TYPE ? 128 : 0) + (state.mode === LEN_ || state.mode === COPY_ ? 256 : 0);
	if ((_in === 0 && _out === 0 || flush === Z_FINISH$1) && ret === Z_OK$1) ret = Z_BUF_ERROR;
	return ret;
};
const inflateEnd = (strm) => {
	if (inflateStateCheck(strm)) return Z_STREAM_ERROR$1;
	let state = strm.state;
	if (state.window) state.window = null;
	strm.state = null;
	return Z_OK$1;
};
const inflateGetHeader = (strm, head) => {
	if (inflateStateCheck(strm)) return Z_STREAM_ERROR$1;
	const state = strm.state;
	if ((state.wrap & 2) === 0) return Z_STREAM_ERROR$1;
	state.head = head;
	head.done = false;
	return Z_OK$1;
};
const inflateSetDictionary = (strm, dictionary) => {
	const dictLength = dictionary.length;
	let state;
	let dictid;
	let ret;
	if (inflateStateCheck(strm)) return Z_STREAM_ERROR$1;
	state = strm.state;
	if (state.wrap !== 0 && state.mode !== DICT) return Z_STREAM_ERROR$1;
	if (state.mode === DICT) {
		dictid = 1;
		dictid = adler32_1(dictid, dictionary, dictLength, 0);
		if (dictid !== state.check) return Z_DATA_ERROR$1;
	}
	ret = updatewindow(strm, dictionary, dictLength, dictLength);
	if (ret) {
		state.mode = MEM;
		return Z_MEM_ERROR$1;
	}
	state.havedict = 1;
	return Z_OK$1;
};
var inflate_1$2 = {
	inflateReset,
	inflateReset2,
	inflateResetKeep,
	inflateInit,
	inflateInit2,
	inflate: inflate$2,
	inflateEnd,
	inflateGetHeader,
	inflateSetDictionary,
	inflateInfo: "pako inflate (from Nodeca project)"
};
function GZheader() {
	this.text = 0;
	this.time = 0;
	this.xflags = 0;
	this.os = 0;
	this.extra = null;
	this.extra_len = 0;
	this.name = "";
	this.comment = "";
	this.hcrc = 0;
	this.done = false;
}
var gzheader = GZheader;
const toString = Object.prototype.toString;
const { Z_NO_FLUSH, Z_FINISH, Z_OK, Z_STREAM_END, Z_NEED_DICT, Z_STREAM_ERROR, Z_DATA_ERROR, Z_MEM_ERROR } = constants$2;
/**
* class Inflate
*
* Generic JS-style wrapper for zlib calls. If you don't need
* streaming behaviour - use more simple functions: [[inflate]]
* and [[inflateRaw]].
**/
/**
* Inflate.result -> Uint8Array|String
*
* Uncompressed result, generated by default [[Inflate#onData]]
* and [[Inflate#onEnd]] handlers. Filled after you push last chunk
* (call [[Inflate#push]] with `Z_FINISH` / `true` param).
**/
/**
* Inflate.err -> Number
*
* Error code after inflate finished. 0 (Z_OK) on success.
* Should be checked if broken data possible.
**/
/**
* Inflate.msg -> String
*
* Error message, if [[Inflate.err]] != 0
**/
/**
* new Inflate(options)
* - options (Object): zlib inflate options.
*
* Creates new inflator instance with specified params. Throws exception
* on bad params. Supported options:
*
* - `windowBits`
* - `dictionary`
*
* [http://zlib.net/manual.html#Advanced](http://zlib.net/manual.html#Advanced)
* for more information on these.
*
* Additional options, for internal needs:
*
* - `chunkSize` - size of generated data chunks (16K by default)
* - `raw` (Boolean) - do raw inflate
* - `to` (String) - if equal to 'string', then result will be converted
*   from utf8 to utf16 (javascript) string. When string output requested,
*   chunk length can differ from `chunkSize`, depending on content.
*
* By default, when no options set, autodetect deflate/gzip data format via
* wrapper header.
*
* ##### Example:
*
* ```javascript
* const pako = require('pako')
* const chunk1 = new Uint8Array([1,2,3,4,5,6,7,8,9])
* const chunk2 = new Uint8Array([10,11,12,13,14,15,16,17,18,19]);
*
* const inflate = new pako.Inflate({ level: 3});
*
* inflate.push(chunk1, false);
* inflate.push(chunk2, true);  // true -> last chunk
*
* if (inflate.err) { throw new Error(inflate.err); }
*
* console.log(inflate.result);
* ```
**/
function Inflate$1(options) {
	this.options = common.assign({
		chunkSize: 65536,
		windowBits: 15,
		to: ""
	}, options || {});
	const opt = this.options;
	if (opt.raw && opt.windowBits >= 0 && opt.windowBits < 16) {
		opt.windowBits = -opt.windowBits;
		if (opt.windowBits === 0) opt.windowBits = -15;
	}
	if (opt.windowBits >= 0 && opt.windowBits < 16 && !(options && options.windowBits)) opt.windowBits += 32;
	if (opt.windowBits > 15 && opt.windowBits < 48) {
		if ((opt.windowBits & 15) === 0) opt.windowBits |= 15;
	}
	this.err = 0;
	this.msg = "";
	this.ended = false;
	this.chunks = [];
	this.strm = new zstream();
	this.strm.avail_out = 0;
	let status = inflate_1$2.inflateInit2(this.strm, opt.windowBits);
	if (status !== Z_OK) throw new Error(messages[status]);
	this.header = new gzheader();
	inflate_1$2.inflateGetHeader(this.strm, this.header);
	if (opt.dictionary) {
		if (typeof opt.dictionary === "string") opt.dictionary = strings.string2buf(opt.dictionary);
		else if (toString.call(opt.dictionary) === "[object ArrayBuffer]") opt.dictionary = new Uint8Array(opt.dictionary);
		if (opt.raw) {
			status = inflate_1$2.inflateSetDictionary(this.strm, opt.dictionary);
			if (status !== Z_OK) throw new Error(messages[status]);
		}
	}
}
/**
* Inflate#push(data[, flush_mode]) -> Boolean
* - data (Uint8Array|ArrayBuffer): input data
* - flush_mode (Number|Boolean): 0..6 for corresponding Z_NO_FLUSH..Z_TREE
*   flush modes. See constants. Skipped or `false` means Z_NO_FLUSH,
*   `true` means Z_FINISH.
*
* Sends input data to inflate pipe, generating [[Inflate#onData]] calls with
* new output chunks. Returns `true` on success. If end of stream detected,
* [[Inflate#onEnd]] will be called.
*
* `flush_mode` is not needed for normal operation, because end of stream
* detected automatically. You may try to use it for advanced things, but
* this functionality was not tested.
*
* On fail call [[Inflate#onEnd]] with error code and return false.
*
* ##### Example
*
* ```javascript
* push(chunk, false); // push one of data chunks
* ...
* push(chunk, true);  // push last chunk
* ```
**/
Inflate$1.prototype.push = function(data, flush_mode) {
	const strm = this.strm;
	const chunkSize = this.options.chunkSize;
	const dictionary = this.options.dictionary;
	let status, _flush_mode, last_avail_out;
	if (this.ended) return false;
	if (flush_mode === ~~flush_mode) _flush_mode = flush_mode;
	else _flush_mode = flush_mode === true ? Z_FINISH : Z_NO_FLUSH;
	if (toString.call(data) === "[object ArrayBuffer]") strm.input = new Uint8Array(data);
	else strm.input = data;
	strm.next_in = 0;
	strm.avail_in = strm.input.length;
	for (;;) {
		if (strm.avail_out === 0) {
			strm.output = new Uint8Array(chunkSize);
			strm.next_out = 0;
			strm.avail_out = chunkSize;
		}
		status = inflate_1$2.inflate(strm, _flush_mode);
		if (status === Z_NEED_DICT && dictionary) {
			status = inflate_1$2.inflateSetDictionary(strm, dictionary);
			if (status === Z_OK) status = inflate_1$2.inflate(strm, _flush_mode);
			else if (status === Z_DATA_ERROR) status = Z_NEED_DICT;
		}
		while (strm.avail_in > 0 && status === Z_STREAM_END && strm.state.wrap > 0 && data[strm.next_in] !== 0) {
			inflate_1$2.inflateReset(strm);
			status = inflate_1$2.inflate(strm, _flush_mode);
		}
		switch (status) {
			case Z_STREAM_ERROR:
			case Z_DATA_ERROR:
			case Z_NEED_DICT:
			case Z_MEM_ERROR:
				this.onEnd(status);
				this.ended = true;
				return false;
		}
		last_avail_out = strm.avail_out;
		if (strm.next_out) {
			if (strm.avail_out === 0 || status === Z_STREAM_END) {
				if (this.options.to === "string") {
					let next_out_utf8 = strings.utf8border(strm.output, strm.next_out);
					let tail = strm.next_out - next_out_utf8;
					let utf8str = strings.buf2string(strm.output, next_out_utf8);
					strm.next_out = tail;
					strm.avail_out = chunkSize - tail;
					if (tail) strm.output.set(strm.output.subarray(next_out_utf8, next_out_utf8 + tail), 0);
					this.onData(utf8str);
				} else this.onData(strm.output.length === strm.next_out ? strm.output : strm.output.subarray(0, strm.next_out));
			}
		}
		if (status === Z_OK && last_avail_out === 0) continue;
		if (status === Z_STREAM_END) {
			status = inflate_1$2.inflateEnd(this.strm);
			this.onEnd(status);
			this.ended = true;
			return true;
		}
		if (strm.avail_in === 0) break;
	}
	return true;
};
/**
* Inflate#onData(chunk) -> Void
* - chunk (Uint8Array|String): output data. When string output requested,
*   each chunk will be string.
*
* By default, stores data blocks in `chunks[]` property and glue
* those in `onEnd`. Override this handler, if you need another behaviour.
**/
Inflate$1.prototype.onData = function(chunk) {
	this.chunks.push(chunk);
};
/**
* Inflate#onEnd(status) -> Void
* - status (Number): inflate status. 0 (Z_OK) on success,
*   other if not.
*
* Called either after you tell inflate that the input stream is
* complete (Z_FINISH). By default - join collected chunks,
* free memory and fill `results` / `err` properties.
**/
Inflate$1.prototype.onEnd = function(status) {
	if (status === Z_OK) {
		if (this.options.to === "string") this.result = this.chunks.join("");
		else this.result = common.flattenChunks(this.chunks);
	}
	this.chunks = [];
	this.err = status;
	this.msg = this.strm.msg;
};
/**
* inflate(data[, options]) -> Uint8Array|String
* - data (Uint8Array|ArrayBuffer): input data to decompress.
* - options (Object): zlib inflate options.
*
* Decompress `data` with inflate/ungzip and `options`. Autodetect
* format via wrapper header by default. That's why we don't provide
* separate `ungzip` method.
*
* Supported options are:
*
* - windowBits
*
* [http://zlib.net/manual.html#Advanced](http://zlib.net/manual.html#Advanced)
* for more information.
*
* Sugar (options):
*
* - `raw` (Boolean) - say that we work with raw stream, if you don't wish to specify
*   negative windowBits implicitly.
* - `to` (String) - if equal to 'string', then result will be converted
*   from utf8 to utf16 (javascript) string. When string output requested,
*   chunk length can differ from `chunkSize`, depending on content.
*
*
* ##### Example:
*
* ```javascript
* const pako = require('pako');
* const input = pako.deflate(new Uint8Array([1,2,3,4,5,6,7,8,9]));
* let output;
*
* try {
*   output = pako.inflate(input);
* } catch (err) {
*   console.log(err);
* }
* ```
**/
function inflate$1(input, options) {
	const inflator = new Inflate$1(options);
	inflator.push(input);
	if (inflator.err) throw inflator.msg || messages[inflator.err];
	return inflator.result;
}
/**
* inflateRaw(data[, options]) -> Uint8Array|String
* - data (Uint8Array|ArrayBuffer): input data to decompress.
* - options (Object): zlib inflate options.
*
* The same as [[inflate]], but creates raw data, without wrapper
* (header and adler32 crc).
**/
function inflateRaw$1(input, options) {
	options = options || {};
	options.raw = true;
	return inflate$1(input, options);
}
var inflate_1$1 = {
	Inflate: Inflate$1,
	inflate: inflate$1,
	inflateRaw: inflateRaw$1,
	ungzip: inflate$1,
	constants: constants$2
};
const { Deflate, deflate, deflateRaw, gzip } = deflate_1$1;
const { Inflate, inflate, inflateRaw, ungzip } = inflate_1$1;
var pako = {
	Deflate,
	deflate,
	deflateRaw,
	gzip,
	Inflate,
	inflate,
	inflateRaw,
	ungzip,
	constants: constants$2
};
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeDeflatedFrame.js
async function decodeDeflatedFrame(imageFrame, pixelData) {
	let inflated;
	try {
		inflated = pako.inflateRaw(new Uint8Array(pixelData.buffer, pixelData.byteOffset, pixelData.length));
	} catch (error) {
		throw new Error(`decodeDeflatedFrame: could not inflate the frame (${error})`);
	}
	return decodeLittleEndian(imageFrame, trimToNativeFrame(imageFrame, inflated, "decodeDeflatedFrame"));
}
// node_modules/@cornerstonejs/codec-libjxl/dist/jpegxlwasm_decode.js
var createJpegXLDecoder = (() => {
	var _scriptName = import.meta.url;
	return (function(moduleArg = {}) {
		var moduleRtn;
		var Module = moduleArg;
		var readyPromiseResolve, readyPromiseReject;
		var readyPromise = new Promise((resolve, reject) => {
			readyPromiseResolve = resolve;
			readyPromiseReject = reject;
		});
		var ENVIRONMENT_IS_WEB = typeof window == "object";
		var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
		typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type;
		var moduleOverrides = Object.assign({}, Module);
		var scriptDirectory = "";
		function locateFile(path) {
			if (Module["locateFile"]) return Module["locateFile"](path, scriptDirectory);
			return scriptDirectory + path;
		}
		var readAsync, readBinary;
		if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
			if (ENVIRONMENT_IS_WORKER) scriptDirectory = self.location.href;
			else if (typeof document != "undefined" && document.currentScript) scriptDirectory = document.currentScript.src;
			if (_scriptName) scriptDirectory = _scriptName;
			if (scriptDirectory.startsWith("blob:")) scriptDirectory = "";
			else scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
			if (ENVIRONMENT_IS_WORKER) readBinary = (url) => {
				var xhr = new XMLHttpRequest();
				xhr.open("GET", url, false);
				xhr.responseType = "arraybuffer";
				xhr.send(null);
				return new Uint8Array(xhr.response);
			};
			readAsync = async (url) => {
				var response = await fetch(url, { credentials: "same-origin" });
				if (response.ok) return response.arrayBuffer();
				throw new Error(response.status + " : " + response.url);
			};
		}
		Module["print"] || console.log.bind(console);
		var err = Module["printErr"] || console.error.bind(console);
		Object.assign(Module, moduleOverrides);
		moduleOverrides = null;
		var wasmBinary = Module["wasmBinary"];
		var wasmMemory;
		var ABORT = false;
		var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
		function updateMemoryViews() {
			var b = wasmMemory.buffer;
			Module["HEAP8"] = HEAP8 = new Int8Array(b);
			Module["HEAP16"] = HEAP16 = new Int16Array(b);
			Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
			Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
			Module["HEAP32"] = HEAP32 = new Int32Array(b);
			Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
			Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
			Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
		}
		var __ATPRERUN__ = [];
		var __ATINIT__ = [];
		var __ATPOSTRUN__ = [];
		function preRun() {
			callRuntimeCallbacks(__ATPRERUN__);
		}
		function initRuntime() {
			callRuntimeCallbacks(__ATINIT__);
		}
		function postRun() {
			callRuntimeCallbacks(__ATPOSTRUN__);
		}
		function addOnInit(cb) {
			__ATINIT__.unshift(cb);
		}
		var runDependencies = 0;
		var dependenciesFulfilled = null;
		function addRunDependency(id) {
			runDependencies++;
		}
		function removeRunDependency(id) {
			runDependencies--;
			if (runDependencies == 0) {
				if (dependenciesFulfilled) {
					var callback = dependenciesFulfilled;
					dependenciesFulfilled = null;
					callback();
				}
			}
		}
		function abort(what) {
			what = "Aborted(" + what + ")";
			err(what);
			ABORT = true;
			what += ". Build with -sASSERTIONS for more info.";
			var e = new WebAssembly.RuntimeError(what);
			readyPromiseReject(e);
			throw e;
		}
		var dataURIPrefix = "data:application/octet-stream;base64,";
		var isDataURI = (filename) => filename.startsWith(dataURIPrefix);
		function findWasmBinary() {
			if (Module["locateFile"]) {
				var f = "jpegxlwasm_decode.wasm";
				if (!isDataURI(f)) return locateFile(f);
				return f;
			}
			return new URL("/static/viewer3d/assets/jpegxlwasm_decode-D5WHnpK-.wasm", "" + import.meta.url).href;
		}
		var wasmBinaryFile;
		function getBinarySync(file) {
			if (file == wasmBinaryFile && wasmBinary) return new Uint8Array(wasmBinary);
			if (readBinary) return readBinary(file);
			throw "both async and sync fetching of the wasm failed";
		}
		async function getWasmBinary(binaryFile) {
			if (!wasmBinary) try {
				var response = await readAsync(binaryFile);
				return new Uint8Array(response);
			} catch {}
			return getBinarySync(binaryFile);
		}
		async function instantiateArrayBuffer(binaryFile, imports) {
			try {
				var binary = await getWasmBinary(binaryFile);
				return await WebAssembly.instantiate(binary, imports);
			} catch (reason) {
				err(`failed to asynchronously prepare wasm: ${reason}`);
				abort(reason);
			}
		}
		async function instantiateAsync(binary, binaryFile, imports) {
			if (!binary && typeof WebAssembly.instantiateStreaming == "function" && !isDataURI(binaryFile) && typeof fetch == "function") try {
				var response = fetch(binaryFile, { credentials: "same-origin" });
				return await WebAssembly.instantiateStreaming(response, imports);
			} catch (reason) {
				err(`wasm streaming compile failed: ${reason}`);
				err("falling back to ArrayBuffer instantiation");
			}
			return instantiateArrayBuffer(binaryFile, imports);
		}
		function getWasmImports() {
			return { a: wasmImports };
		}
		async function createWasm() {
			function receiveInstance(instance, module) {
				wasmExports = instance.exports;
				wasmMemory = wasmExports["H"];
				updateMemoryViews();
				wasmTable = wasmExports["K"];
				addOnInit(wasmExports["I"]);
				removeRunDependency("wasm-instantiate");
				return wasmExports;
			}
			addRunDependency("wasm-instantiate");
			function receiveInstantiationResult(result) {
				receiveInstance(result["instance"]);
			}
			var info = getWasmImports();
			if (Module["instantiateWasm"]) try {
				return Module["instantiateWasm"](info, receiveInstance);
			} catch (e) {
				err(`Module.instantiateWasm callback failed with error: ${e}`);
				readyPromiseReject(e);
			}
			wasmBinaryFile ??= findWasmBinary();
			try {
				var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
				receiveInstantiationResult(result);
				return result;
			} catch (e) {
				readyPromiseReject(e);
				return;
			}
		}
		var callRuntimeCallbacks = (callbacks) => {
			while (callbacks.length > 0) callbacks.shift()(Module);
		};
		var stackRestore = (val) => __emscripten_stack_restore(val);
		var stackSave = () => _emscripten_stack_get_current();
		var exceptionCaught = [];
		var uncaughtExceptionCount = 0;
		var ___cxa_begin_catch = (ptr) => {
			var info = new ExceptionInfo(ptr);
			if (!info.get_caught()) {
				info.set_caught(true);
				uncaughtExceptionCount--;
			}
			info.set_rethrown(false);
			exceptionCaught.push(info);
			___cxa_increment_exception_refcount(ptr);
			return ___cxa_get_exception_ptr(ptr);
		};
		var exceptionLast = 0;
		class ExceptionInfo {
			constructor(excPtr) {
				this.excPtr = excPtr;
				this.ptr = excPtr - 24;
			}
			set_type(type) {
				HEAPU32[this.ptr + 4 >> 2] = type;
			}
			get_type() {
				return HEAPU32[this.ptr + 4 >> 2];
			}
			set_destructor(destructor) {
				HEAPU32[this.ptr + 8 >> 2] = destructor;
			}
			get_destructor() {
				return HEAPU32[this.ptr + 8 >> 2];
			}
			set_caught(caught) {
				caught = caught ? 1 : 0;
				HEAP8[this.ptr + 12] = caught;
			}
			get_caught() {
				return HEAP8[this.ptr + 12] != 0;
			}
			set_rethrown(rethrown) {
				rethrown = rethrown ? 1 : 0;
				HEAP8[this.ptr + 13] = rethrown;
			}
			get_rethrown() {
				return HEAP8[this.ptr + 13] != 0;
			}
			init(type, destructor) {
				this.set_adjusted_ptr(0);
				this.set_type(type);
				this.set_destructor(destructor);
			}
			set_adjusted_ptr(adjustedPtr) {
				HEAPU32[this.ptr + 16 >> 2] = adjustedPtr;
			}
			get_adjusted_ptr() {
				return HEAPU32[this.ptr + 16 >> 2];
			}
		}
		var ___resumeException = (ptr) => {
			if (!exceptionLast) exceptionLast = ptr;
			throw exceptionLast;
		};
		var setTempRet0 = (val) => __emscripten_tempret_set(val);
		var findMatchingCatch = (args) => {
			var thrown = exceptionLast;
			if (!thrown) {
				setTempRet0(0);
				return 0;
			}
			var info = new ExceptionInfo(thrown);
			info.set_adjusted_ptr(thrown);
			var thrownType = info.get_type();
			if (!thrownType) {
				setTempRet0(0);
				return thrown;
			}
			for (var caughtType of args) {
				if (caughtType === 0 || caughtType === thrownType) break;
				var adjusted_ptr_addr = info.ptr + 16;
				if (___cxa_can_catch(caughtType, thrownType, adjusted_ptr_addr)) {
					setTempRet0(caughtType);
					return thrown;
				}
			}
			setTempRet0(thrownType);
			return thrown;
		};
		var ___cxa_find_matching_catch_2 = () => findMatchingCatch([]);
		var ___cxa_find_matching_catch_3 = (arg0) => findMatchingCatch([arg0]);
		var ___cxa_throw = (ptr, type, destructor) => {
			new ExceptionInfo(ptr).init(type, destructor);
			exceptionLast = ptr;
			uncaughtExceptionCount++;
			throw exceptionLast;
		};
		var __abort_js = () => abort("");
		var structRegistrations = {};
		var runDestructors = (destructors) => {
			while (destructors.length) {
				var ptr = destructors.pop();
				destructors.pop()(ptr);
			}
		};
		function readPointer(pointer) {
			return this["fromWireType"](HEAPU32[pointer >> 2]);
		}
		var awaitingDependencies = {};
		var registeredTypes = {};
		var typeDependencies = {};
		var InternalError;
		var throwInternalError = (message) => {
			throw new InternalError(message);
		};
		var whenDependentTypesAreResolved = (myTypes, dependentTypes, getTypeConverters) => {
			myTypes.forEach((type) => typeDependencies[type] = dependentTypes);
			function onComplete(typeConverters) {
				var myTypeConverters = getTypeConverters(typeConverters);
				if (myTypeConverters.length !== myTypes.length) throwInternalError("Mismatched type converter count");
				for (var i = 0; i < myTypes.length; ++i) registerType(myTypes[i], myTypeConverters[i]);
			}
			var typeConverters = new Array(dependentTypes.length);
			var unregisteredTypes = [];
			var registered = 0;
			dependentTypes.forEach((dt, i) => {
				if (registeredTypes.hasOwnProperty(dt)) typeConverters[i] = registeredTypes[dt];
				else {
					unregisteredTypes.push(dt);
					if (!awaitingDependencies.hasOwnProperty(dt)) awaitingDependencies[dt] = [];
					awaitingDependencies[dt].push(() => {
						typeConverters[i] = registeredTypes[dt];
						++registered;
						if (registered === unregisteredTypes.length) onComplete(typeConverters);
					});
				}
			});
			if (0 === unregisteredTypes.length) onComplete(typeConverters);
		};
		var __embind_finalize_value_object = (structType) => {
			var reg = structRegistrations[structType];
			delete structRegistrations[structType];
			var rawConstructor = reg.rawConstructor;
			var rawDestructor = reg.rawDestructor;
			var fieldRecords = reg.fields;
			var fieldTypes = fieldRecords.map((field) => field.getterReturnType).concat(fieldRecords.map((field) => field.setterArgumentType));
			whenDependentTypesAreResolved([structType], fieldTypes, (fieldTypes) => {
				var fields = {};
				fieldRecords.forEach((field, i) => {
					var fieldName = field.fieldName;
					var getterReturnType = fieldTypes[i];
					var getter = field.getter;
					var getterContext = field.getterContext;
					var setterArgumentType = fieldTypes[i + fieldRecords.length];
					var setter = field.setter;
					var setterContext = field.setterContext;
					fields[fieldName] = {
						read: (ptr) => getterReturnType["fromWireType"](getter(getterContext, ptr)),
						write: (ptr, o) => {
							var destructors = [];
							setter(setterContext, ptr, setterArgumentType["toWireType"](destructors, o));
							runDestructors(destructors);
						}
					};
				});
				return [{
					name: reg.name,
					fromWireType: (ptr) => {
						var rv = {};
						for (var i in fields) rv[i] = fields[i].read(ptr);
						rawDestructor(ptr);
						return rv;
					},
					toWireType: (destructors, o) => {
						for (var fieldName in fields) if (!(fieldName in o)) throw new TypeError(`Missing field: "${fieldName}"`);
						var ptr = rawConstructor();
						for (fieldName in fields) fields[fieldName].write(ptr, o[fieldName]);
						if (destructors !== null) destructors.push(rawDestructor, ptr);
						return ptr;
					},
					argPackAdvance: GenericWireTypeSize,
					readValueFromPointer: readPointer,
					destructorFunction: rawDestructor
				}];
			});
		};
		var __embind_register_bigint = (primitiveType, name, size, minRange, maxRange) => {};
		var embind_init_charCodes = () => {
			var codes = new Array(256);
			for (var i = 0; i < 256; ++i) codes[i] = String.fromCharCode(i);
			embind_charCodes = codes;
		};
		var embind_charCodes;
		var readLatin1String = (ptr) => {
			var ret = "";
			var c = ptr;
			while (HEAPU8[c]) ret += embind_charCodes[HEAPU8[c++]];
			return ret;
		};
		var BindingError;
		var throwBindingError = (message) => {
			throw new BindingError(message);
		};
		function sharedRegisterType(rawType, registeredInstance, options = {}) {
			var name = registeredInstance.name;
			if (!rawType) throwBindingError(`type "${name}" must have a positive integer typeid pointer`);
			if (registeredTypes.hasOwnProperty(rawType)) {
				if (options.ignoreDuplicateRegistrations) return;
				else throwBindingError(`Cannot register type '${name}' twice`);
			}
			registeredTypes[rawType] = registeredInstance;
			delete typeDependencies[rawType];
			if (awaitingDependencies.hasOwnProperty(rawType)) {
				var callbacks = awaitingDependencies[rawType];
				delete awaitingDependencies[rawType];
				callbacks.forEach((cb) => cb());
			}
		}
		function registerType(rawType, registeredInstance, options = {}) {
			return sharedRegisterType(rawType, registeredInstance, options);
		}
		var GenericWireTypeSize = 8;
		var __embind_register_bool = (rawType, name, trueValue, falseValue) => {
			name = readLatin1String(name);
			registerType(rawType, {
				name,
				fromWireType: function(wt) {
					return !!wt;
				},
				toWireType: function(destructors, o) {
					return o ? trueValue : falseValue;
				},
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: function(pointer) {
					return this["fromWireType"](HEAPU8[pointer]);
				},
				destructorFunction: null
			});
		};
		var shallowCopyInternalPointer = (o) => ({
			count: o.count,
			deleteScheduled: o.deleteScheduled,
			preservePointerOnDelete: o.preservePointerOnDelete,
			ptr: o.ptr,
			ptrType: o.ptrType,
			smartPtr: o.smartPtr,
			smartPtrType: o.smartPtrType
		});
		var throwInstanceAlreadyDeleted = (obj) => {
			function getInstanceTypeName(handle) {
				return handle.$$.ptrType.registeredClass.name;
			}
			throwBindingError(getInstanceTypeName(obj) + " instance already deleted");
		};
		var finalizationRegistry = false;
		var detachFinalizer = (handle) => {};
		var runDestructor = ($$) => {
			if ($$.smartPtr) $$.smartPtrType.rawDestructor($$.smartPtr);
			else $$.ptrType.registeredClass.rawDestructor($$.ptr);
		};
		var releaseClassHandle = ($$) => {
			$$.count.value -= 1;
			if (0 === $$.count.value) runDestructor($$);
		};
		var downcastPointer = (ptr, ptrClass, desiredClass) => {
			if (ptrClass === desiredClass) return ptr;
			if (void 0 === desiredClass.baseClass) return null;
			var rv = downcastPointer(ptr, ptrClass, desiredClass.baseClass);
			if (rv === null) return null;
			return desiredClass.downcast(rv);
		};
		var registeredPointers = {};
		var registeredInstances = {};
		var getBasestPointer = (class_, ptr) => {
			if (ptr === void 0) throwBindingError("ptr should not be undefined");
			while (class_.baseClass) {
				ptr = class_.upcast(ptr);
				class_ = class_.baseClass;
			}
			return ptr;
		};
		var getInheritedInstance = (class_, ptr) => {
			ptr = getBasestPointer(class_, ptr);
			return registeredInstances[ptr];
		};
		var makeClassHandle = (prototype, record) => {
			if (!record.ptrType || !record.ptr) throwInternalError("makeClassHandle requires ptr and ptrType");
			if (!!record.smartPtrType !== !!record.smartPtr) throwInternalError("Both smartPtrType and smartPtr must be specified");
			record.count = { value: 1 };
			return attachFinalizer(Object.create(prototype, { $$: {
				value: record,
				writable: true
			} }));
		};
		function RegisteredPointer_fromWireType(ptr) {
			var rawPointer = this.getPointee(ptr);
			if (!rawPointer) {
				this.destructor(ptr);
				return null;
			}
			var registeredInstance = getInheritedInstance(this.registeredClass, rawPointer);
			if (void 0 !== registeredInstance) {
				if (0 === registeredInstance.$$.count.value) {
					registeredInstance.$$.ptr = rawPointer;
					registeredInstance.$$.smartPtr = ptr;
					return registeredInstance["clone"]();
				} else {
					var rv = registeredInstance["clone"]();
					this.destructor(ptr);
					return rv;
				}
			}
			function makeDefaultHandle() {
				if (this.isSmartPointer) return makeClassHandle(this.registeredClass.instancePrototype, {
					ptrType: this.pointeeType,
					ptr: rawPointer,
					smartPtrType: this,
					smartPtr: ptr
				});
				else return makeClassHandle(this.registeredClass.instancePrototype, {
					ptrType: this,
					ptr
				});
			}
			var registeredPointerRecord = registeredPointers[this.registeredClass.getActualType(rawPointer)];
			if (!registeredPointerRecord) return makeDefaultHandle.call(this);
			var toType;
			if (this.isConst) toType = registeredPointerRecord.constPointerType;
			else toType = registeredPointerRecord.pointerType;
			var dp = downcastPointer(rawPointer, this.registeredClass, toType.registeredClass);
			if (dp === null) return makeDefaultHandle.call(this);
			if (this.isSmartPointer) return makeClassHandle(toType.registeredClass.instancePrototype, {
				ptrType: toType,
				ptr: dp,
				smartPtrType: this,
				smartPtr: ptr
			});
			else return makeClassHandle(toType.registeredClass.instancePrototype, {
				ptrType: toType,
				ptr: dp
			});
		}
		var attachFinalizer = (handle) => {
			if ("undefined" === typeof FinalizationRegistry) {
				attachFinalizer = (handle) => handle;
				return handle;
			}
			finalizationRegistry = new FinalizationRegistry((info) => {
				releaseClassHandle(info.$$);
			});
			attachFinalizer = (handle) => {
				var $$ = handle.$$;
				if (!!$$.smartPtr) {
					var info = { $$ };
					finalizationRegistry.register(handle, info, handle);
				}
				return handle;
			};
			detachFinalizer = (handle) => finalizationRegistry.unregister(handle);
			return attachFinalizer(handle);
		};
		var deletionQueue = [];
		var flushPendingDeletes = () => {
			while (deletionQueue.length) {
				var obj = deletionQueue.pop();
				obj.$$.deleteScheduled = false;
				obj["delete"]();
			}
		};
		var delayFunction;
		var init_ClassHandle = () => {
			Object.assign(ClassHandle.prototype, {
				isAliasOf(other) {
					if (!(this instanceof ClassHandle)) return false;
					if (!(other instanceof ClassHandle)) return false;
					var leftClass = this.$$.ptrType.registeredClass;
					var left = this.$$.ptr;
					other.$$ = other.$$;
					var rightClass = other.$$.ptrType.registeredClass;
					var right = other.$$.ptr;
					while (leftClass.baseClass) {
						left = leftClass.upcast(left);
						leftClass = leftClass.baseClass;
					}
					while (rightClass.baseClass) {
						right = rightClass.upcast(right);
						rightClass = rightClass.baseClass;
					}
					return leftClass === rightClass && left === right;
				},
				clone() {
					if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
					if (this.$$.preservePointerOnDelete) {
						this.$$.count.value += 1;
						return this;
					} else {
						var clone = attachFinalizer(Object.create(Object.getPrototypeOf(this), { $$: { value: shallowCopyInternalPointer(this.$$) } }));
						clone.$$.count.value += 1;
						clone.$$.deleteScheduled = false;
						return clone;
					}
				},
				delete() {
					if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
					if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
					detachFinalizer(this);
					releaseClassHandle(this.$$);
					if (!this.$$.preservePointerOnDelete) {
						this.$$.smartPtr = void 0;
						this.$$.ptr = void 0;
					}
				},
				isDeleted() {
					return !this.$$.ptr;
				},
				deleteLater() {
					if (!this.$$.ptr) throwInstanceAlreadyDeleted(this);
					if (this.$$.deleteScheduled && !this.$$.preservePointerOnDelete) throwBindingError("Object already scheduled for deletion");
					deletionQueue.push(this);
					if (deletionQueue.length === 1 && delayFunction) delayFunction(flushPendingDeletes);
					this.$$.deleteScheduled = true;
					return this;
				}
			});
		};
		function ClassHandle() {}
		var createNamedFunction = (name, body) => Object.defineProperty(body, "name", { value: name });
		var ensureOverloadTable = (proto, methodName, humanName) => {
			if (void 0 === proto[methodName].overloadTable) {
				var prevFunc = proto[methodName];
				proto[methodName] = function(...args) {
					if (!proto[methodName].overloadTable.hasOwnProperty(args.length)) throwBindingError(`Function '${humanName}' called with an invalid number of arguments (${args.length}) - expects one of (${proto[methodName].overloadTable})!`);
					return proto[methodName].overloadTable[args.length].apply(this, args);
				};
				proto[methodName].overloadTable = [];
				proto[methodName].overloadTable[prevFunc.argCount] = prevFunc;
			}
		};
		var exposePublicSymbol = (name, value, numArguments) => {
			if (Module.hasOwnProperty(name)) {
				if (void 0 === numArguments || void 0 !== Module[name].overloadTable && void 0 !== Module[name].overloadTable[numArguments]) throwBindingError(`Cannot register public name '${name}' twice`);
				ensureOverloadTable(Module, name, name);
				if (Module[name].overloadTable.hasOwnProperty(numArguments)) throwBindingError(`Cannot register multiple overloads of a function with the same number of arguments (${numArguments})!`);
				Module[name].overloadTable[numArguments] = value;
			} else {
				Module[name] = value;
				Module[name].argCount = numArguments;
			}
		};
		var char_0 = 48;
		var char_9 = 57;
		var makeLegalFunctionName = (name) => {
			name = name.replace(/[^a-zA-Z0-9_]/g, "$");
			var f = name.charCodeAt(0);
			if (f >= char_0 && f <= char_9) return `_${name}`;
			return name;
		};
		function RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast) {
			this.name = name;
			this.constructor = constructor;
			this.instancePrototype = instancePrototype;
			this.rawDestructor = rawDestructor;
			this.baseClass = baseClass;
			this.getActualType = getActualType;
			this.upcast = upcast;
			this.downcast = downcast;
			this.pureVirtualFunctions = [];
		}
		var upcastPointer = (ptr, ptrClass, desiredClass) => {
			while (ptrClass !== desiredClass) {
				if (!ptrClass.upcast) throwBindingError(`Expected null or instance of ${desiredClass.name}, got an instance of ${ptrClass.name}`);
				ptr = ptrClass.upcast(ptr);
				ptrClass = ptrClass.baseClass;
			}
			return ptr;
		};
		function constNoSmartPtrRawPointerToWireType(destructors, handle) {
			if (handle === null) {
				if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
				return 0;
			}
			if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
			if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
			var handleClass = handle.$$.ptrType.registeredClass;
			return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
		}
		function genericPointerToWireType(destructors, handle) {
			var ptr;
			if (handle === null) {
				if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
				if (this.isSmartPointer) {
					ptr = this.rawConstructor();
					if (destructors !== null) destructors.push(this.rawDestructor, ptr);
					return ptr;
				} else return 0;
			}
			if (!handle || !handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
			if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
			if (!this.isConst && handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
			var handleClass = handle.$$.ptrType.registeredClass;
			ptr = upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
			if (this.isSmartPointer) {
				if (void 0 === handle.$$.smartPtr) throwBindingError("Passing raw pointer to smart pointer is illegal");
				switch (this.sharingPolicy) {
					case 0:
						if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
						else throwBindingError(`Cannot convert argument of type ${handle.$$.smartPtrType ? handle.$$.smartPtrType.name : handle.$$.ptrType.name} to parameter type ${this.name}`);
						break;
					case 1:
						ptr = handle.$$.smartPtr;
						break;
					case 2:
						if (handle.$$.smartPtrType === this) ptr = handle.$$.smartPtr;
						else {
							var clonedHandle = handle["clone"]();
							ptr = this.rawShare(ptr, Emval.toHandle(() => clonedHandle["delete"]()));
							if (destructors !== null) destructors.push(this.rawDestructor, ptr);
						}
						break;
					default: throwBindingError("Unsupporting sharing policy");
				}
			}
			return ptr;
		}
		function nonConstNoSmartPtrRawPointerToWireType(destructors, handle) {
			if (handle === null) {
				if (this.isReference) throwBindingError(`null is not a valid ${this.name}`);
				return 0;
			}
			if (!handle.$$) throwBindingError(`Cannot pass "${embindRepr(handle)}" as a ${this.name}`);
			if (!handle.$$.ptr) throwBindingError(`Cannot pass deleted object as a pointer of type ${this.name}`);
			if (handle.$$.ptrType.isConst) throwBindingError(`Cannot convert argument of type ${handle.$$.ptrType.name} to parameter type ${this.name}`);
			var handleClass = handle.$$.ptrType.registeredClass;
			return upcastPointer(handle.$$.ptr, handleClass, this.registeredClass);
		}
		var init_RegisteredPointer = () => {
			Object.assign(RegisteredPointer.prototype, {
				getPointee(ptr) {
					if (this.rawGetPointee) ptr = this.rawGetPointee(ptr);
					return ptr;
				},
				destructor(ptr) {
					this.rawDestructor?.(ptr);
				},
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				fromWireType: RegisteredPointer_fromWireType
			});
		};
		function RegisteredPointer(name, registeredClass, isReference, isConst, isSmartPointer, pointeeType, sharingPolicy, rawGetPointee, rawConstructor, rawShare, rawDestructor) {
			this.name = name;
			this.registeredClass = registeredClass;
			this.isReference = isReference;
			this.isConst = isConst;
			this.isSmartPointer = isSmartPointer;
			this.pointeeType = pointeeType;
			this.sharingPolicy = sharingPolicy;
			this.rawGetPointee = rawGetPointee;
			this.rawConstructor = rawConstructor;
			this.rawShare = rawShare;
			this.rawDestructor = rawDestructor;
			if (!isSmartPointer && registeredClass.baseClass === void 0) {
				if (isConst) {
					this["toWireType"] = constNoSmartPtrRawPointerToWireType;
					this.destructorFunction = null;
				} else {
					this["toWireType"] = nonConstNoSmartPtrRawPointerToWireType;
					this.destructorFunction = null;
				}
			} else this["toWireType"] = genericPointerToWireType;
		}
		var replacePublicSymbol = (name, value, numArguments) => {
			if (!Module.hasOwnProperty(name)) throwInternalError("Replacing nonexistent public symbol");
			if (void 0 !== Module[name].overloadTable && void 0 !== numArguments) Module[name].overloadTable[numArguments] = value;
			else {
				Module[name] = value;
				Module[name].argCount = numArguments;
			}
		};
		var dynCallLegacy = (sig, ptr, args) => {
			sig = sig.replace(/p/g, "i");
			var f = Module["dynCall_" + sig];
			return f(ptr, ...args);
		};
		var wasmTableMirror = [];
		var wasmTable;
		var getWasmTableEntry = (funcPtr) => {
			var func = wasmTableMirror[funcPtr];
			if (!func) {
				if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
				wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
			}
			return func;
		};
		var dynCall = (sig, ptr, args = []) => {
			if (sig.includes("j")) return dynCallLegacy(sig, ptr, args);
			return getWasmTableEntry(ptr)(...args);
		};
		var getDynCaller = (sig, ptr) => (...args) => dynCall(sig, ptr, args);
		var embind__requireFunction = (signature, rawFunction) => {
			signature = readLatin1String(signature);
			function makeDynCaller() {
				if (signature.includes("j")) return getDynCaller(signature, rawFunction);
				return getWasmTableEntry(rawFunction);
			}
			var fp = makeDynCaller();
			if (typeof fp != "function") throwBindingError(`unknown function pointer with signature ${signature}: ${rawFunction}`);
			return fp;
		};
		var extendError = (baseErrorType, errorName) => {
			var errorClass = createNamedFunction(errorName, function(message) {
				this.name = errorName;
				this.message = message;
				var stack = new Error(message).stack;
				if (stack !== void 0) this.stack = this.toString() + "\n" + stack.replace(/^Error(:[^\n]*)?\n/, "");
			});
			errorClass.prototype = Object.create(baseErrorType.prototype);
			errorClass.prototype.constructor = errorClass;
			errorClass.prototype.toString = function() {
				if (this.message === void 0) return this.name;
				else return `${this.name}: ${this.message}`;
			};
			return errorClass;
		};
		var UnboundTypeError;
		var getTypeName = (type) => {
			var ptr = ___getTypeName(type);
			var rv = readLatin1String(ptr);
			_free(ptr);
			return rv;
		};
		var throwUnboundTypeError = (message, types) => {
			var unboundTypes = [];
			var seen = {};
			function visit(type) {
				if (seen[type]) return;
				if (registeredTypes[type]) return;
				if (typeDependencies[type]) {
					typeDependencies[type].forEach(visit);
					return;
				}
				unboundTypes.push(type);
				seen[type] = true;
			}
			types.forEach(visit);
			throw new UnboundTypeError(`${message}: ` + unboundTypes.map(getTypeName).join([", "]));
		};
		var __embind_register_class = (rawType, rawPointerType, rawConstPointerType, baseClassRawType, getActualTypeSignature, getActualType, upcastSignature, upcast, downcastSignature, downcast, name, destructorSignature, rawDestructor) => {
			name = readLatin1String(name);
			getActualType = embind__requireFunction(getActualTypeSignature, getActualType);
			upcast &&= embind__requireFunction(upcastSignature, upcast);
			downcast &&= embind__requireFunction(downcastSignature, downcast);
			rawDestructor = embind__requireFunction(destructorSignature, rawDestructor);
			var legalFunctionName = makeLegalFunctionName(name);
			exposePublicSymbol(legalFunctionName, function() {
				throwUnboundTypeError(`Cannot construct ${name} due to unbound types`, [baseClassRawType]);
			});
			whenDependentTypesAreResolved([
				rawType,
				rawPointerType,
				rawConstPointerType
			], baseClassRawType ? [baseClassRawType] : [], (base) => {
				base = base[0];
				var baseClass;
				var basePrototype;
				if (baseClassRawType) {
					baseClass = base.registeredClass;
					basePrototype = baseClass.instancePrototype;
				} else basePrototype = ClassHandle.prototype;
				var constructor = createNamedFunction(name, function(...args) {
					if (Object.getPrototypeOf(this) !== instancePrototype) throw new BindingError("Use 'new' to construct " + name);
					if (void 0 === registeredClass.constructor_body) throw new BindingError(name + " has no accessible constructor");
					var body = registeredClass.constructor_body[args.length];
					if (void 0 === body) throw new BindingError(`Tried to invoke ctor of ${name} with invalid number of parameters (${args.length}) - expected (${Object.keys(registeredClass.constructor_body).toString()}) parameters instead!`);
					return body.apply(this, args);
				});
				var instancePrototype = Object.create(basePrototype, { constructor: { value: constructor } });
				constructor.prototype = instancePrototype;
				var registeredClass = new RegisteredClass(name, constructor, instancePrototype, rawDestructor, baseClass, getActualType, upcast, downcast);
				if (registeredClass.baseClass) {
					registeredClass.baseClass.__derivedClasses ??= [];
					registeredClass.baseClass.__derivedClasses.push(registeredClass);
				}
				var referenceConverter = new RegisteredPointer(name, registeredClass, true, false, false);
				var pointerConverter = new RegisteredPointer(name + "*", registeredClass, false, false, false);
				var constPointerConverter = new RegisteredPointer(name + " const*", registeredClass, false, true, false);
				registeredPointers[rawType] = {
					pointerType: pointerConverter,
					constPointerType: constPointerConverter
				};
				replacePublicSymbol(legalFunctionName, constructor);
				return [
					referenceConverter,
					pointerConverter,
					constPointerConverter
				];
			});
		};
		var heap32VectorToArray = (count, firstElement) => {
			var array = [];
			for (var i = 0; i < count; i++) array.push(HEAPU32[firstElement + i * 4 >> 2]);
			return array;
		};
		function usesDestructorStack(argTypes) {
			for (var i = 1; i < argTypes.length; ++i) if (argTypes[i] !== null && argTypes[i].destructorFunction === void 0) return true;
			return false;
		}
		function craftInvokerFunction(humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc, isAsync) {
			var argCount = argTypes.length;
			if (argCount < 2) throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
			var isClassMethodFunc = argTypes[1] !== null && classType !== null;
			var needsDestructorStack = usesDestructorStack(argTypes);
			var returns = argTypes[0].name !== "void";
			var expectedArgCount = argCount - 2;
			var argsWired = new Array(expectedArgCount);
			var invokerFuncArgs = [];
			var destructors = [];
			var invokerFn = function(...args) {
				destructors.length = 0;
				var thisWired;
				invokerFuncArgs.length = isClassMethodFunc ? 2 : 1;
				invokerFuncArgs[0] = cppTargetFunc;
				if (isClassMethodFunc) {
					thisWired = argTypes[1]["toWireType"](destructors, this);
					invokerFuncArgs[1] = thisWired;
				}
				for (var i = 0; i < expectedArgCount; ++i) {
					argsWired[i] = argTypes[i + 2]["toWireType"](destructors, args[i]);
					invokerFuncArgs.push(argsWired[i]);
				}
				var rv = cppInvokerFunc(...invokerFuncArgs);
				function onDone(rv) {
					if (needsDestructorStack) runDestructors(destructors);
					else for (var i = isClassMethodFunc ? 1 : 2; i < argTypes.length; i++) {
						var param = i === 1 ? thisWired : argsWired[i - 2];
						if (argTypes[i].destructorFunction !== null) argTypes[i].destructorFunction(param);
					}
					if (returns) return argTypes[0]["fromWireType"](rv);
				}
				return onDone(rv);
			};
			return createNamedFunction(humanName, invokerFn);
		}
		var __embind_register_class_constructor = (rawClassType, argCount, rawArgTypesAddr, invokerSignature, invoker, rawConstructor) => {
			var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
			invoker = embind__requireFunction(invokerSignature, invoker);
			whenDependentTypesAreResolved([], [rawClassType], (classType) => {
				classType = classType[0];
				var humanName = `constructor ${classType.name}`;
				if (void 0 === classType.registeredClass.constructor_body) classType.registeredClass.constructor_body = [];
				if (void 0 !== classType.registeredClass.constructor_body[argCount - 1]) throw new BindingError(`Cannot register multiple constructors with identical number of parameters (${argCount - 1}) for class '${classType.name}'! Overload resolution is currently only performed using the parameter count, not actual type info!`);
				classType.registeredClass.constructor_body[argCount - 1] = () => {
					throwUnboundTypeError(`Cannot construct ${classType.name} due to unbound types`, rawArgTypes);
				};
				whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
					argTypes.splice(1, 0, null);
					classType.registeredClass.constructor_body[argCount - 1] = craftInvokerFunction(humanName, argTypes, null, invoker, rawConstructor);
					return [];
				});
				return [];
			});
		};
		var getFunctionName = (signature) => {
			signature = signature.trim();
			const argsIndex = signature.indexOf("(");
			if (argsIndex !== -1) return signature.substr(0, argsIndex);
			else return signature;
		};
		var __embind_register_class_function = (rawClassType, methodName, argCount, rawArgTypesAddr, invokerSignature, rawInvoker, context, isPureVirtual, isAsync, isNonnullReturn) => {
			var rawArgTypes = heap32VectorToArray(argCount, rawArgTypesAddr);
			methodName = readLatin1String(methodName);
			methodName = getFunctionName(methodName);
			rawInvoker = embind__requireFunction(invokerSignature, rawInvoker);
			whenDependentTypesAreResolved([], [rawClassType], (classType) => {
				classType = classType[0];
				var humanName = `${classType.name}.${methodName}`;
				if (methodName.startsWith("@@")) methodName = Symbol[methodName.substring(2)];
				if (isPureVirtual) classType.registeredClass.pureVirtualFunctions.push(methodName);
				function unboundTypesHandler() {
					throwUnboundTypeError(`Cannot call ${humanName} due to unbound types`, rawArgTypes);
				}
				var proto = classType.registeredClass.instancePrototype;
				var method = proto[methodName];
				if (void 0 === method || void 0 === method.overloadTable && method.className !== classType.name && method.argCount === argCount - 2) {
					unboundTypesHandler.argCount = argCount - 2;
					unboundTypesHandler.className = classType.name;
					proto[methodName] = unboundTypesHandler;
				} else {
					ensureOverloadTable(proto, methodName, humanName);
					proto[methodName].overloadTable[argCount - 2] = unboundTypesHandler;
				}
				whenDependentTypesAreResolved([], rawArgTypes, (argTypes) => {
					var memberFunction = craftInvokerFunction(humanName, argTypes, classType, rawInvoker, context, isAsync);
					if (void 0 === proto[methodName].overloadTable) {
						memberFunction.argCount = argCount - 2;
						proto[methodName] = memberFunction;
					} else proto[methodName].overloadTable[argCount - 2] = memberFunction;
					return [];
				});
				return [];
			});
		};
		var emval_freelist = [];
		var emval_handles = [];
		var __emval_decref = (handle) => {
			if (handle > 9 && 0 === --emval_handles[handle + 1]) {
				emval_handles[handle] = void 0;
				emval_freelist.push(handle);
			}
		};
		var count_emval_handles = () => emval_handles.length / 2 - 5 - emval_freelist.length;
		var init_emval = () => {
			emval_handles.push(0, 1, void 0, 1, null, 1, true, 1, false, 1);
			Module["count_emval_handles"] = count_emval_handles;
		};
		var Emval = {
			toValue: (handle) => {
				if (!handle) throwBindingError("Cannot use deleted val. handle = " + handle);
				return emval_handles[handle];
			},
			toHandle: (value) => {
				switch (value) {
					case void 0: return 2;
					case null: return 4;
					case true: return 6;
					case false: return 8;
					default: {
						const handle = emval_freelist.pop() || emval_handles.length;
						emval_handles[handle] = value;
						emval_handles[handle + 1] = 1;
						return handle;
					}
				}
			}
		};
		var EmValType = {
			name: "emscripten::val",
			fromWireType: (handle) => {
				var rv = Emval.toValue(handle);
				__emval_decref(handle);
				return rv;
			},
			toWireType: (destructors, value) => Emval.toHandle(value),
			argPackAdvance: GenericWireTypeSize,
			readValueFromPointer: readPointer,
			destructorFunction: null
		};
		var __embind_register_emval = (rawType) => registerType(rawType, EmValType);
		var embindRepr = (v) => {
			if (v === null) return "null";
			var t = typeof v;
			if (t === "object" || t === "array" || t === "function") return v.toString();
			else return "" + v;
		};
		var floatReadValueFromPointer = (name, width) => {
			switch (width) {
				case 4: return function(pointer) {
					return this["fromWireType"](HEAPF32[pointer >> 2]);
				};
				case 8: return function(pointer) {
					return this["fromWireType"](HEAPF64[pointer >> 3]);
				};
				default: throw new TypeError(`invalid float width (${width}): ${name}`);
			}
		};
		var __embind_register_float = (rawType, name, size) => {
			name = readLatin1String(name);
			registerType(rawType, {
				name,
				fromWireType: (value) => value,
				toWireType: (destructors, value) => value,
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: floatReadValueFromPointer(name, size),
				destructorFunction: null
			});
		};
		var integerReadValueFromPointer = (name, width, signed) => {
			switch (width) {
				case 1: return signed ? (pointer) => HEAP8[pointer] : (pointer) => HEAPU8[pointer];
				case 2: return signed ? (pointer) => HEAP16[pointer >> 1] : (pointer) => HEAPU16[pointer >> 1];
				case 4: return signed ? (pointer) => HEAP32[pointer >> 2] : (pointer) => HEAPU32[pointer >> 2];
				default: throw new TypeError(`invalid integer width (${width}): ${name}`);
			}
		};
		var __embind_register_integer = (primitiveType, name, size, minRange, maxRange) => {
			name = readLatin1String(name);
			if (maxRange === -1) maxRange = 4294967295;
			var fromWireType = (value) => value;
			if (minRange === 0) {
				var bitshift = 32 - 8 * size;
				fromWireType = (value) => value << bitshift >>> bitshift;
			}
			var isUnsignedType = name.includes("unsigned");
			var toWireType;
			if (isUnsignedType) toWireType = function(destructors, value) {
				this.name;
				return value >>> 0;
			};
			else toWireType = function(destructors, value) {
				this.name;
				return value;
			};
			registerType(primitiveType, {
				name,
				fromWireType,
				toWireType,
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: integerReadValueFromPointer(name, size, minRange !== 0),
				destructorFunction: null
			});
		};
		var __embind_register_memory_view = (rawType, dataTypeIndex, name) => {
			var TA = [
				Int8Array,
				Uint8Array,
				Int16Array,
				Uint16Array,
				Int32Array,
				Uint32Array,
				Float32Array,
				Float64Array
			][dataTypeIndex];
			function decodeMemoryView(handle) {
				var size = HEAPU32[handle >> 2];
				var data = HEAPU32[handle + 4 >> 2];
				return new TA(HEAP8.buffer, data, size);
			}
			name = readLatin1String(name);
			registerType(rawType, {
				name,
				fromWireType: decodeMemoryView,
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: decodeMemoryView
			}, { ignoreDuplicateRegistrations: true });
		};
		var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
			if (!(maxBytesToWrite > 0)) return 0;
			var startIdx = outIdx;
			var endIdx = outIdx + maxBytesToWrite - 1;
			for (var i = 0; i < str.length; ++i) {
				var u = str.charCodeAt(i);
				if (u >= 55296 && u <= 57343) {
					var u1 = str.charCodeAt(++i);
					u = 65536 + ((u & 1023) << 10) | u1 & 1023;
				}
				if (u <= 127) {
					if (outIdx >= endIdx) break;
					heap[outIdx++] = u;
				} else if (u <= 2047) {
					if (outIdx + 1 >= endIdx) break;
					heap[outIdx++] = 192 | u >> 6;
					heap[outIdx++] = 128 | u & 63;
				} else if (u <= 65535) {
					if (outIdx + 2 >= endIdx) break;
					heap[outIdx++] = 224 | u >> 12;
					heap[outIdx++] = 128 | u >> 6 & 63;
					heap[outIdx++] = 128 | u & 63;
				} else {
					if (outIdx + 3 >= endIdx) break;
					heap[outIdx++] = 240 | u >> 18;
					heap[outIdx++] = 128 | u >> 12 & 63;
					heap[outIdx++] = 128 | u >> 6 & 63;
					heap[outIdx++] = 128 | u & 63;
				}
			}
			heap[outIdx] = 0;
			return outIdx - startIdx;
		};
		var stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
		var lengthBytesUTF8 = (str) => {
			var len = 0;
			for (var i = 0; i < str.length; ++i) {
				var c = str.charCodeAt(i);
				if (c <= 127) len++;
				else if (c <= 2047) len += 2;
				else if (c >= 55296 && c <= 57343) {
					len += 4;
					++i;
				} else len += 3;
			}
			return len;
		};
		var UTF8Decoder = new TextDecoder();
		var UTF8ToString = (ptr, maxBytesToRead) => {
			if (!ptr) return "";
			var maxPtr = ptr + maxBytesToRead;
			for (var end = ptr; !(end >= maxPtr) && HEAPU8[end];) ++end;
			return UTF8Decoder.decode(HEAPU8.subarray(ptr, end));
		};
		var __embind_register_std_string = (rawType, name) => {
			name = readLatin1String(name);
			var stdStringIsUTF8 = true;
			registerType(rawType, {
				name,
				fromWireType(value) {
					var length = HEAPU32[value >> 2];
					var payload = value + 4;
					var str;
					if (stdStringIsUTF8) {
						var decodeStartPtr = payload;
						for (var i = 0; i <= length; ++i) {
							var currentBytePtr = payload + i;
							if (i == length || HEAPU8[currentBytePtr] == 0) {
								var maxRead = currentBytePtr - decodeStartPtr;
								var stringSegment = UTF8ToString(decodeStartPtr, maxRead);
								if (str === void 0) str = stringSegment;
								else {
									str += String.fromCharCode(0);
									str += stringSegment;
								}
								decodeStartPtr = currentBytePtr + 1;
							}
						}
					} else {
						var a = new Array(length);
						for (var i = 0; i < length; ++i) a[i] = String.fromCharCode(HEAPU8[payload + i]);
						str = a.join("");
					}
					_free(value);
					return str;
				},
				toWireType(destructors, value) {
					if (value instanceof ArrayBuffer) value = new Uint8Array(value);
					var length;
					var valueIsOfTypeString = typeof value == "string";
					if (!(valueIsOfTypeString || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array)) throwBindingError("Cannot pass non-string to std::string");
					if (stdStringIsUTF8 && valueIsOfTypeString) length = lengthBytesUTF8(value);
					else length = value.length;
					var base = _malloc(4 + length + 1);
					var ptr = base + 4;
					HEAPU32[base >> 2] = length;
					if (stdStringIsUTF8 && valueIsOfTypeString) stringToUTF8(value, ptr, length + 1);
					else if (valueIsOfTypeString) for (var i = 0; i < length; ++i) {
						var charCode = value.charCodeAt(i);
						if (charCode > 255) {
							_free(ptr);
							throwBindingError("String has UTF-16 code units that do not fit in 8 bits");
						}
						HEAPU8[ptr + i] = charCode;
					}
					else for (var i = 0; i < length; ++i) HEAPU8[ptr + i] = value[i];
					if (destructors !== null) destructors.push(_free, base);
					return base;
				},
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				destructorFunction(ptr) {
					_free(ptr);
				}
			});
		};
		var UTF16Decoder = new TextDecoder("utf-16le");
		var UTF16ToString = (ptr, maxBytesToRead) => {
			var endPtr = ptr;
			var idx = endPtr >> 1;
			var maxIdx = idx + maxBytesToRead / 2;
			while (!(idx >= maxIdx) && HEAPU16[idx]) ++idx;
			endPtr = idx << 1;
			return UTF16Decoder.decode(HEAPU8.subarray(ptr, endPtr));
		};
		var stringToUTF16 = (str, outPtr, maxBytesToWrite) => {
			maxBytesToWrite ??= 2147483647;
			if (maxBytesToWrite < 2) return 0;
			maxBytesToWrite -= 2;
			var startPtr = outPtr;
			var numCharsToWrite = maxBytesToWrite < str.length * 2 ? maxBytesToWrite / 2 : str.length;
			for (var i = 0; i < numCharsToWrite; ++i) {
				var codeUnit = str.charCodeAt(i);
				HEAP16[outPtr >> 1] = codeUnit;
				outPtr += 2;
			}
			HEAP16[outPtr >> 1] = 0;
			return outPtr - startPtr;
		};
		var lengthBytesUTF16 = (str) => str.length * 2;
		var UTF32ToString = (ptr, maxBytesToRead) => {
			var i = 0;
			var str = "";
			while (!(i >= maxBytesToRead / 4)) {
				var utf32 = HEAP32[ptr + i * 4 >> 2];
				if (utf32 == 0) break;
				++i;
				if (utf32 >= 65536) {
					var ch = utf32 - 65536;
					str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
				} else str += String.fromCharCode(utf32);
			}
			return str;
		};
		var stringToUTF32 = (str, outPtr, maxBytesToWrite) => {
			maxBytesToWrite ??= 2147483647;
			if (maxBytesToWrite < 4) return 0;
			var startPtr = outPtr;
			var endPtr = startPtr + maxBytesToWrite - 4;
			for (var i = 0; i < str.length; ++i) {
				var codeUnit = str.charCodeAt(i);
				if (codeUnit >= 55296 && codeUnit <= 57343) {
					var trailSurrogate = str.charCodeAt(++i);
					codeUnit = 65536 + ((codeUnit & 1023) << 10) | trailSurrogate & 1023;
				}
				HEAP32[outPtr >> 2] = codeUnit;
				outPtr += 4;
				if (outPtr + 4 > endPtr) break;
			}
			HEAP32[outPtr >> 2] = 0;
			return outPtr - startPtr;
		};
		var lengthBytesUTF32 = (str) => {
			var len = 0;
			for (var i = 0; i < str.length; ++i) {
				var codeUnit = str.charCodeAt(i);
				if (codeUnit >= 55296 && codeUnit <= 57343) ++i;
				len += 4;
			}
			return len;
		};
		var __embind_register_std_wstring = (rawType, charSize, name) => {
			name = readLatin1String(name);
			var decodeString, encodeString, readCharAt, lengthBytesUTF;
			if (charSize === 2) {
				decodeString = UTF16ToString;
				encodeString = stringToUTF16;
				lengthBytesUTF = lengthBytesUTF16;
				readCharAt = (pointer) => HEAPU16[pointer >> 1];
			} else if (charSize === 4) {
				decodeString = UTF32ToString;
				encodeString = stringToUTF32;
				lengthBytesUTF = lengthBytesUTF32;
				readCharAt = (pointer) => HEAPU32[pointer >> 2];
			}
			registerType(rawType, {
				name,
				fromWireType: (value) => {
					var length = HEAPU32[value >> 2];
					var str;
					var decodeStartPtr = value + 4;
					for (var i = 0; i <= length; ++i) {
						var currentBytePtr = value + 4 + i * charSize;
						if (i == length || readCharAt(currentBytePtr) == 0) {
							var maxReadBytes = currentBytePtr - decodeStartPtr;
							var stringSegment = decodeString(decodeStartPtr, maxReadBytes);
							if (str === void 0) str = stringSegment;
							else {
								str += String.fromCharCode(0);
								str += stringSegment;
							}
							decodeStartPtr = currentBytePtr + charSize;
						}
					}
					_free(value);
					return str;
				},
				toWireType: (destructors, value) => {
					if (!(typeof value == "string")) throwBindingError(`Cannot pass non-string to C++ string type ${name}`);
					var length = lengthBytesUTF(value);
					var ptr = _malloc(4 + length + charSize);
					HEAPU32[ptr >> 2] = length / charSize;
					encodeString(value, ptr + 4, length + charSize);
					if (destructors !== null) destructors.push(_free, ptr);
					return ptr;
				},
				argPackAdvance: GenericWireTypeSize,
				readValueFromPointer: readPointer,
				destructorFunction(ptr) {
					_free(ptr);
				}
			});
		};
		var __embind_register_value_object = (rawType, name, constructorSignature, rawConstructor, destructorSignature, rawDestructor) => {
			structRegistrations[rawType] = {
				name: readLatin1String(name),
				rawConstructor: embind__requireFunction(constructorSignature, rawConstructor),
				rawDestructor: embind__requireFunction(destructorSignature, rawDestructor),
				fields: []
			};
		};
		var __embind_register_value_object_field = (structType, fieldName, getterReturnType, getterSignature, getter, getterContext, setterArgumentType, setterSignature, setter, setterContext) => {
			structRegistrations[structType].fields.push({
				fieldName: readLatin1String(fieldName),
				getterReturnType,
				getter: embind__requireFunction(getterSignature, getter),
				getterContext,
				setterArgumentType,
				setter: embind__requireFunction(setterSignature, setter),
				setterContext
			});
		};
		var __embind_register_void = (rawType, name) => {
			name = readLatin1String(name);
			registerType(rawType, {
				isVoid: true,
				name,
				argPackAdvance: 0,
				fromWireType: () => void 0,
				toWireType: (destructors, o) => void 0
			});
		};
		var __emscripten_memcpy_js = (dest, src, num) => HEAPU8.copyWithin(dest, src, src + num);
		var requireRegisteredType = (rawType, humanName) => {
			var impl = registeredTypes[rawType];
			if (void 0 === impl) throwBindingError(`${humanName} has unknown type ${getTypeName(rawType)}`);
			return impl;
		};
		var __emval_take_value = (type, arg) => {
			type = requireRegisteredType(type, "_emval_take_value");
			var v = type["readValueFromPointer"](arg);
			return Emval.toHandle(v);
		};
		var getHeapMax = () => 2147483648;
		var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
		var growMemory = (size) => {
			var pages = (size - wasmMemory.buffer.byteLength + 65535) / 65536 | 0;
			try {
				wasmMemory.grow(pages);
				updateMemoryViews();
				return 1;
			} catch (e) {}
		};
		var _emscripten_resize_heap = (requestedSize) => {
			var oldSize = HEAPU8.length;
			requestedSize >>>= 0;
			var maxHeapSize = getHeapMax();
			if (requestedSize > maxHeapSize) return false;
			for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
				var overGrownHeapSize = oldSize * (1 + .2 / cutDown);
				overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
				if (growMemory(Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536)))) return true;
			}
			return false;
		};
		var stackAlloc = (sz) => __emscripten_stack_alloc(sz);
		var getExceptionMessageCommon = (ptr) => {
			var sp = stackSave();
			var type_addr_addr = stackAlloc(4);
			var message_addr_addr = stackAlloc(4);
			___get_exception_message(ptr, type_addr_addr, message_addr_addr);
			var type_addr = HEAPU32[type_addr_addr >> 2];
			var message_addr = HEAPU32[message_addr_addr >> 2];
			var type = UTF8ToString(type_addr);
			_free(type_addr);
			var message;
			if (message_addr) {
				message = UTF8ToString(message_addr);
				_free(message_addr);
			}
			stackRestore(sp);
			return [type, message];
		};
		var getExceptionMessage = (ptr) => getExceptionMessageCommon(ptr);
		var decrementExceptionRefcount = (ptr) => ___cxa_decrement_exception_refcount(ptr);
		InternalError = Module["InternalError"] = class InternalError extends Error {
			constructor(message) {
				super(message);
				this.name = "InternalError";
			}
		};
		embind_init_charCodes();
		BindingError = Module["BindingError"] = class BindingError extends Error {
			constructor(message) {
				super(message);
				this.name = "BindingError";
			}
		};
		init_ClassHandle();
		init_RegisteredPointer();
		UnboundTypeError = Module["UnboundTypeError"] = extendError(Error, "UnboundTypeError");
		init_emval();
		var wasmImports = {
			v: ___cxa_begin_catch,
			a: ___cxa_find_matching_catch_2,
			h: ___cxa_find_matching_catch_3,
			k: ___cxa_throw,
			c: ___resumeException,
			y: __abort_js,
			r: __embind_finalize_value_object,
			t: __embind_register_bigint,
			E: __embind_register_bool,
			B: __embind_register_class,
			A: __embind_register_class_constructor,
			m: __embind_register_class_function,
			C: __embind_register_emval,
			q: __embind_register_float,
			j: __embind_register_integer,
			f: __embind_register_memory_view,
			D: __embind_register_std_string,
			o: __embind_register_std_wstring,
			G: __embind_register_value_object,
			z: __embind_register_value_object_field,
			F: __embind_register_void,
			x: __emscripten_memcpy_js,
			p: __emval_take_value,
			w: _emscripten_resize_heap,
			d: invoke_ii,
			b: invoke_iii,
			i: invoke_iiii,
			u: invoke_v,
			n: invoke_vi,
			e: invoke_vii,
			g: invoke_viii,
			l: invoke_viiiiiiiiii,
			s: invoke_vij
		};
		var wasmExports;
		createWasm();
		var ___getTypeName = (a0) => (___getTypeName = wasmExports["J"])(a0);
		var _malloc = (a0) => (_malloc = wasmExports["L"])(a0);
		var _free = (a0) => (_free = wasmExports["M"])(a0);
		var _setThrew = (a0, a1) => (_setThrew = wasmExports["N"])(a0, a1);
		var __emscripten_tempret_set = (a0) => (__emscripten_tempret_set = wasmExports["O"])(a0);
		var __emscripten_stack_restore = (a0) => (__emscripten_stack_restore = wasmExports["P"])(a0);
		var __emscripten_stack_alloc = (a0) => (__emscripten_stack_alloc = wasmExports["Q"])(a0);
		var _emscripten_stack_get_current = () => (_emscripten_stack_get_current = wasmExports["R"])();
		var ___cxa_increment_exception_refcount = (a0) => (___cxa_increment_exception_refcount = wasmExports["S"])(a0);
		var ___cxa_decrement_exception_refcount = (a0) => (___cxa_decrement_exception_refcount = wasmExports["T"])(a0);
		var ___get_exception_message = (a0, a1, a2) => (___get_exception_message = wasmExports["U"])(a0, a1, a2);
		var ___cxa_can_catch = (a0, a1, a2) => (___cxa_can_catch = wasmExports["V"])(a0, a1, a2);
		var ___cxa_get_exception_ptr = (a0) => (___cxa_get_exception_ptr = wasmExports["W"])(a0);
		var dynCall_vij = Module["dynCall_vij"] = (a0, a1, a2, a3) => (dynCall_vij = Module["dynCall_vij"] = wasmExports["X"])(a0, a1, a2, a3);
		var dynCall_iiji = Module["dynCall_iiji"] = (a0, a1, a2, a3, a4) => (dynCall_iiji = Module["dynCall_iiji"] = wasmExports["Y"])(a0, a1, a2, a3, a4);
		function invoke_ii(index, a1) {
			var sp = stackSave();
			try {
				return getWasmTableEntry(index)(a1);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_viiiiiiiiii(index, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) {
			var sp = stackSave();
			try {
				getWasmTableEntry(index)(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_vi(index, a1) {
			var sp = stackSave();
			try {
				getWasmTableEntry(index)(a1);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_iii(index, a1, a2) {
			var sp = stackSave();
			try {
				return getWasmTableEntry(index)(a1, a2);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_vii(index, a1, a2) {
			var sp = stackSave();
			try {
				getWasmTableEntry(index)(a1, a2);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_iiii(index, a1, a2, a3) {
			var sp = stackSave();
			try {
				return getWasmTableEntry(index)(a1, a2, a3);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_viii(index, a1, a2, a3) {
			var sp = stackSave();
			try {
				getWasmTableEntry(index)(a1, a2, a3);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_v(index) {
			var sp = stackSave();
			try {
				getWasmTableEntry(index)();
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		function invoke_vij(index, a1, a2, a3) {
			var sp = stackSave();
			try {
				dynCall_vij(index, a1, a2, a3);
			} catch (e) {
				stackRestore(sp);
				if (e !== e + 0) throw e;
				_setThrew(1, 0);
			}
		}
		Module["decrementExceptionRefcount"] = decrementExceptionRefcount;
		Module["getExceptionMessage"] = getExceptionMessage;
		var calledRun;
		dependenciesFulfilled = function runCaller() {
			if (!calledRun) run();
			if (!calledRun) dependenciesFulfilled = runCaller;
		};
		function run() {
			if (runDependencies > 0) return;
			preRun();
			if (runDependencies > 0) return;
			function doRun() {
				if (calledRun) return;
				calledRun = true;
				Module["calledRun"] = true;
				if (ABORT) return;
				initRuntime();
				readyPromiseResolve(Module);
				postRun();
			}
			doRun();
		}
		run();
		moduleRtn = readyPromise;
		return moduleRtn;
	});
})();
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders/decodeJPEGXL.js
const jpegxlWasm = new URL("/static/viewer3d/assets/jpegxlwasm_decode-D5WHnpK-.wasm", "" + import.meta.url);
const local = {
	codec: void 0,
	decoder: void 0,
	decodeConfig: {}
};
function getExceptionMessage(exception) {
	return typeof exception === "number" && local.codec?.getExceptionMessage ? local.codec.getExceptionMessage(exception) : exception;
}
function initialize(decodeConfig) {
	local.decodeConfig = decodeConfig;
	setWasmBasePathFromConfig(decodeConfig);
	if (local.codec) return Promise.resolve();
	const jpegxlModule = createJpegXLDecoder({ locateFile: (f) => {
		if (f.endsWith(".wasm")) return resolveWasmUrl("jpegxlwasm_decode.wasm", jpegxlWasm);
		return f;
	} });
	return new Promise((resolve, reject) => {
		jpegxlModule.then((instance) => {
			local.codec = instance;
			local.decoder = new instance.JpegXLDecoder();
			resolve();
		}, reject);
	});
}
async function decodeAsync(compressedImageFrame, imageInfo) {
	try {
		await initialize();
		const decoder = local.decoder;
		decoder.getEncodedBuffer(compressedImageFrame.length).set(compressedImageFrame);
		decoder.decode();
		const frameInfo = decoder.getFrameInfo();
		const decodedPixelsInWASM = decoder.getDecodedBuffer();
		const encodedImageInfo = {
			columns: frameInfo.width,
			rows: frameInfo.height,
			bitsPerPixel: frameInfo.bitsPerSample,
			signed: imageInfo.signed,
			bytesPerPixel: imageInfo.bytesPerPixel,
			componentsPerPixel: frameInfo.componentCount
		};
		const pixelData = getPixelData(frameInfo, decodedPixelsInWASM, imageInfo.signed);
		const encodeOptions = { frameInfo };
		return {
			...imageInfo,
			pixelData,
			imageInfo: encodedImageInfo,
			encodeOptions,
			...encodeOptions,
			...encodedImageInfo
		};
	} catch (error) {
		throw getExceptionMessage(error);
	}
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/scaling/scaleArray.js
function scaleArray(array, scalingParameters) {
	const arrayLength = array.length;
	const { rescaleSlope, rescaleIntercept, suvbw, doseGridScaling } = scalingParameters;
	if (scalingParameters.modality === "PT" && typeof suvbw === "number" && !isNaN(suvbw)) for (let i = 0; i < arrayLength; i++) array[i] = suvbw * (array[i] * rescaleSlope + rescaleIntercept);
	else if (scalingParameters.modality === "RTDOSE" && typeof doseGridScaling === "number" && !isNaN(doseGridScaling)) for (let i = 0; i < arrayLength; i++) array[i] = array[i] * doseGridScaling;
	else for (let i = 0; i < arrayLength; i++) array[i] = array[i] * rescaleSlope + rescaleIntercept;
	return true;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/getMinMax.js
function getMinMax(storedPixelData) {
	let min = storedPixelData[0];
	let max = storedPixelData[0];
	let storedPixel;
	const numPixels = storedPixelData.length;
	for (let index = 1; index < numPixels; index++) {
		storedPixel = storedPixelData[index];
		min = Math.min(min, storedPixel);
		max = Math.max(max, storedPixel);
	}
	return {
		min,
		max
	};
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/getPixelDataTypeFromMinMax.js
function getPixelDataTypeFromMinMax(min, max) {
	let pixelDataType;
	if (Number.isInteger(min) && Number.isInteger(max)) {
		if (min >= 0) {
			if (max <= 255) pixelDataType = Uint8Array;
			else if (max <= 65535) pixelDataType = Uint16Array;
			else if (max <= 4294967295) pixelDataType = Uint32Array;
		} else if (min >= -128 && max <= 127) pixelDataType = Int8Array;
		else if (min >= -32768 && max <= 32767) pixelDataType = Int16Array;
	}
	return pixelDataType || Float32Array;
}
function validatePixelDataType(min, max, type) {
	return getPixelDataTypeFromMinMax(min, max) === type;
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/isColorImage.js
function isColorImage_default(photoMetricInterpretation) {
	return photoMetricInterpretation === "RGB" || photoMetricInterpretation === "PALETTE COLOR" || photoMetricInterpretation === "YBR_FULL" || photoMetricInterpretation === "YBR_FULL_422" || photoMetricInterpretation === "YBR_PARTIAL_422" || photoMetricInterpretation === "YBR_PARTIAL_420" || photoMetricInterpretation === "YBR_RCT" || photoMetricInterpretation === "YBR_ICT";
}
// node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js
const imageUtils = {
	bilinear,
	replicate
};
const typedArrayConstructors = {
	Uint8Array,
	Uint16Array,
	Int16Array,
	Float32Array,
	Uint32Array
};
function postProcessDecodedPixels(imageFrame, options, start, decodeConfig) {
	const shouldShift = imageFrame.pixelRepresentation !== void 0 && imageFrame.pixelRepresentation === 1;
	const shift = shouldShift && imageFrame.bitsStored !== void 0 ? 32 - imageFrame.bitsStored : void 0;
	if (shouldShift && shift !== void 0) for (let i = 0; i < imageFrame.pixelData.length; i++) imageFrame.pixelData[i] = imageFrame.pixelData[i] << shift >> shift;
	let pixelDataArray = imageFrame.pixelData;
	imageFrame.pixelDataLength = imageFrame.pixelData.length;
	const { min: minBeforeScale, max: maxBeforeScale } = getMinMax(imageFrame.pixelData);
	const canRenderFloat = typeof options.allowFloatRendering !== "undefined" ? options.allowFloatRendering : true;
	let invalidType = isColorImage_default(imageFrame.photometricInterpretation) && options.targetBuffer?.offset === void 0;
	const hasFloatRescale = options.preScale?.enabled && Object.values(options.preScale.scalingParameters).some((v) => typeof v === "number" && !Number.isInteger(v));
	const disableScale = !options.preScale.enabled || !canRenderFloat && hasFloatRescale;
	const type = options.targetBuffer?.type;
	if (type && options.preScale.enabled && !disableScale) {
		const scalingParameters = options.preScale.scalingParameters;
		const scaledValues = _calculateScaledMinMax(minBeforeScale, maxBeforeScale, scalingParameters);
		invalidType = !validatePixelDataType(scaledValues.min, scaledValues.max, typedArrayConstructors[type]);
	}
	if (type && !invalidType) pixelDataArray = _handleTargetBuffer(options, imageFrame, typedArrayConstructors, pixelDataArray);
	else if (options.preScale.enabled && !disableScale) pixelDataArray = _handlePreScaleSetup(options, minBeforeScale, maxBeforeScale, imageFrame);
	else pixelDataArray = _getDefaultPixelDataArray(minBeforeScale, maxBeforeScale, imageFrame);
	let minAfterScale = minBeforeScale;
	let maxAfterScale = maxBeforeScale;
	if (options.preScale.enabled && !disableScale) {
		const scalingParameters = options.preScale.scalingParameters;
		_validateScalingParameters(scalingParameters);
		if (_isRequiredScaling(scalingParameters)) {
			scaleArray(pixelDataArray, scalingParameters);
			imageFrame.preScale = {
				...options.preScale,
				scaled: true
			};
			const scaledValues = _calculateScaledMinMax(minBeforeScale, maxBeforeScale, scalingParameters);
			minAfterScale = scaledValues.min;
			maxAfterScale = scaledValues.max;
		}
	} else if (disableScale) {
		minAfterScale = minBeforeScale;
		maxAfterScale = maxBeforeScale;
	}
	imageFrame.pixelData = pixelDataArray;
	imageFrame.smallestPixelValue = minAfterScale;
	imageFrame.largestPixelValue = maxAfterScale;
	imageFrame.decodeTimeInMS = (/* @__PURE__ */ new Date()).getTime() - start;
	return imageFrame;
}
function _isRequiredScaling(scalingParameters) {
	const { rescaleSlope, rescaleIntercept, modality, doseGridScaling, suvbw } = scalingParameters;
	return typeof rescaleSlope === "number" && typeof rescaleIntercept === "number" || modality === "RTDOSE" && typeof doseGridScaling === "number" || modality === "PT" && typeof suvbw === "number";
}
function _handleTargetBuffer(options, imageFrame, typedArrayConstructors, pixelDataArray) {
	const { arrayBuffer, type, offset: rawOffset = 0, length: rawLength, rows } = options.targetBuffer;
	const TypedArrayConstructor = typedArrayConstructors[type];
	if (!TypedArrayConstructor) throw new Error(`target array ${type} is not supported, or doesn't exist.`);
	if (rows && rows != imageFrame.rows) scaleImageFrame(imageFrame, options.targetBuffer, TypedArrayConstructor);
	const imageFrameLength = imageFrame.pixelDataLength;
	const offset = rawOffset;
	const length = rawLength !== null && rawLength !== void 0 ? rawLength : imageFrameLength - offset;
	const imageFramePixelData = imageFrame.pixelData;
	if (length !== imageFramePixelData.length) throw new Error(`target array for image does not have the same length (${length}) as the decoded image length (${imageFramePixelData.length}).`);
	const typedArray = arrayBuffer ? new TypedArrayConstructor(arrayBuffer, offset, length) : new TypedArrayConstructor(length);
	typedArray.set(imageFramePixelData, 0);
	pixelDataArray = typedArray;
	return pixelDataArray;
}
function _handlePreScaleSetup(options, minBeforeScale, maxBeforeScale, imageFrame) {
	const scalingParameters = options.preScale.scalingParameters;
	_validateScalingParameters(scalingParameters);
	const scaledValues = _calculateScaledMinMax(minBeforeScale, maxBeforeScale, scalingParameters);
	return _getDefaultPixelDataArray(scaledValues.min, scaledValues.max, imageFrame);
}
function _getDefaultPixelDataArray(min, max, imageFrame) {
	const typedArray = new (getPixelDataTypeFromMinMax(min, max))(imageFrame.pixelData.length);
	typedArray.set(imageFrame.pixelData, 0);
	return typedArray;
}
function _calculateScaledMinMax(minValue, maxValue, scalingParameters) {
	const { rescaleSlope, rescaleIntercept, modality, doseGridScaling, suvbw } = scalingParameters;
	if (modality === "PT" && typeof suvbw === "number" && !isNaN(suvbw)) return {
		min: suvbw * (minValue * rescaleSlope + rescaleIntercept),
		max: suvbw * (maxValue * rescaleSlope + rescaleIntercept)
	};
	else if (modality === "RTDOSE" && typeof doseGridScaling === "number" && !isNaN(doseGridScaling)) return {
		min: minValue * doseGridScaling,
		max: maxValue * doseGridScaling
	};
	else if (typeof rescaleSlope === "number" && typeof rescaleIntercept === "number") return {
		min: rescaleSlope * minValue + rescaleIntercept,
		max: rescaleSlope * maxValue + rescaleIntercept
	};
	else return {
		min: minValue,
		max: maxValue
	};
}
function _validateScalingParameters(scalingParameters) {
	if (!scalingParameters) throw new Error("options.preScale.scalingParameters must be defined if preScale.enabled is true, and scalingParameters cannot be derived from the metadata providers.");
}
function createDestinationImage(imageFrame, targetBuffer, TypedArrayConstructor) {
	const { samplesPerPixel } = imageFrame;
	const { rows, columns } = targetBuffer;
	const typedLength = rows * columns * samplesPerPixel;
	const pixelData = new TypedArrayConstructor(typedLength);
	const bytesPerPixel = pixelData.byteLength / typedLength;
	return {
		pixelData,
		rows,
		columns,
		frameInfo: {
			...imageFrame.frameInfo,
			rows,
			columns
		},
		imageInfo: {
			...imageFrame.imageInfo,
			rows,
			columns,
			bytesPerPixel
		}
	};
}
function scaleImageFrame(imageFrame, targetBuffer, TypedArrayConstructor) {
	const dest = createDestinationImage(imageFrame, targetBuffer, TypedArrayConstructor);
	const { scalingType = "replicate" } = targetBuffer;
	imageUtils[scalingType](imageFrame, dest);
	Object.assign(imageFrame, dest);
	imageFrame.pixelDataLength = imageFrame.pixelData.length;
	return imageFrame;
}
async function decodeImageFrame(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn) {
	const start = (/* @__PURE__ */ new Date()).getTime();
	setWasmBasePathFromConfig(decodeConfig);
	let decodePromise = null;
	let opts;
	switch (transferSyntax) {
		case "1.2.840.10008.1.2":
		case "1.2.840.10008.1.2.1":
			decodePromise = decodeLittleEndian(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.2":
			decodePromise = decodeBigEndian(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.1.99":
			decodePromise = decodeLittleEndian(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.1.98":
			decodePromise = decodeEncapsulatedUncompressed(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.8.1":
			decodePromise = decodeDeflatedFrame(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.5":
			decodePromise = decodeRLE(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.4.50":
			opts = { ...imageFrame };
			decodePromise = decodeAsync$4(pixelData, opts);
			break;
		case "1.2.840.10008.1.2.4.51":
		case "1.2.840.10008.1.2.4.53":
		case "1.2.840.10008.1.2.4.55":
			decodePromise = decodeJPEGBaseline12BitAsync(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.4.57":
			decodePromise = decodeJPEGLossless(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.4.70":
			decodePromise = decodeJPEGLossless(imageFrame, pixelData);
			break;
		case "1.2.840.10008.1.2.4.80":
			opts = {
				signed: imageFrame.pixelRepresentation === 1,
				bytesPerPixel: imageFrame.bitsAllocated <= 8 ? 1 : 2,
				...imageFrame
			};
			decodePromise = decodeAsync$3(pixelData, opts);
			break;
		case "1.2.840.10008.1.2.4.81":
			opts = {
				signed: imageFrame.pixelRepresentation === 1,
				bytesPerPixel: imageFrame.bitsAllocated <= 8 ? 1 : 2,
				...imageFrame
			};
			decodePromise = decodeAsync$3(pixelData, opts);
			break;
		case "1.2.840.10008.1.2.4.90":
			opts = { ...imageFrame };
			decodePromise = decodeAsync$2(pixelData, opts);
			break;
		case "1.2.840.10008.1.2.4.91":
			opts = { ...imageFrame };
			decodePromise = decodeAsync$2(pixelData, opts);
			break;
		case "3.2.840.10008.1.2.4.96":
		case "1.2.840.10008.1.2.4.201":
		case "1.2.840.10008.1.2.4.202":
		case "1.2.840.10008.1.2.4.203":
			opts = { ...imageFrame };
			decodePromise = decodeAsync$1(pixelData, opts);
			break;
		case "1.2.840.10008.1.2.4.110":
		case "1.2.840.10008.1.2.4.111":
		case "1.2.840.10008.1.2.4.112":
			opts = {
				signed: imageFrame.pixelRepresentation === 1,
				bytesPerPixel: imageFrame.bitsAllocated <= 8 ? 1 : 2,
				...imageFrame
			};
			decodePromise = decodeAsync(pixelData, opts);
			break;
		default: throw new Error(`no decoder for transfer syntax ${transferSyntax}`);
	}
	if (!decodePromise) throw new Error("decodePromise not defined");
	const postProcessed = postProcessDecodedPixels(await decodePromise, options, start, decodeConfig);
	callbackFn?.(postProcessed);
	return postProcessed;
}
const obj = { decodeTask({ imageFrame, transferSyntax, decodeConfig, options, pixelData, callbackFn }) {
	return decodeImageFrame(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn);
} };
const workerEndpoint = typeof self !== "undefined" && typeof self.addEventListener === "function" && typeof self.postMessage === "function" && typeof self.document === "undefined" ? self : void 0;
if (workerEndpoint) expose(obj, workerEndpoint);
