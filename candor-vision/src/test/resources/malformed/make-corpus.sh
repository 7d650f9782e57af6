#!/usr/bin/env bash
# Regenerates the malformed-input corpus used by ImageLoaderCorpusTest.
# Needs ImageMagick 6 (`convert`, with its webp delegate) and python3 (standard library only).
# The files are committed; run this only to change the corpus, then update README.md and the test.
set -euo pipefail
cd "$(dirname "$0")"

# A 64x48 grey picture with a pure red 16x16 block in the top-left corner of the stored pixels:
# the block sits on whole 16x16 MCUs, so JPEG chroma subsampling cannot smear it.
marker() { convert -size 64x48 xc:'rgb(128,128,128)' -fill red -draw 'rectangle 0,0 15,15' "$@"; }
# Four 32x24 quadrants: red, green / blue, white (for colour checks after conversion).
quadrants() {
  convert -size 64x48 xc:white \
    -fill red -draw 'rectangle 0,0 31,23' -fill lime -draw 'rectangle 32,0 63,23' \
    -fill blue -draw 'rectangle 0,24 31,47' "$@"
}

# --- unreadable inputs ---
: > empty.jpg
printf 'Hello, this is a text file, not a photo.\n' > text.jpg
convert -size 8x8 xc:red -strip -compress none tiff:not-a-jpeg.jpg

# A 320x240 photo-like JPEG, then cut: inside its header tables, and in the middle of its scan.
convert -seed 7 -size 320x240 plasma:fractal -strip -quality 85 /tmp/candor-plasma.jpg
head -c 150 /tmp/candor-plasma.jpg > truncated-header.jpg
size=$(stat -c %s /tmp/candor-plasma.jpg)
head -c $((size / 2)) /tmp/candor-plasma.jpg > truncated-half.jpg
rm /tmp/candor-plasma.jpg

quadrants -strip png24:/tmp/candor-quad.png
size=$(stat -c %s /tmp/candor-quad.png)
head -c $((size / 2)) /tmp/candor-quad.png > truncated-half.png
rm /tmp/candor-quad.png

# --- decodable formats and pixel layouts ---
quadrants -strip -quality 95 -sampling-factor 1x1 rgb.jpg
quadrants -strip -quality 95 -sampling-factor 1x1 -colorspace CMYK cmyk.jpg
quadrants -strip -quality 95 -colorspace Gray grey.jpg
quadrants -strip -quality 95 -sampling-factor 1x1 -interlace Plane progressive.jpg
quadrants -strip -depth 16 png48:rgb16.png
quadrants -strip png8:palette.png
# Grey + alpha (PNG colour type 4): left half opaque grey 64, right half 50 % transparent black.
greyalpha() {
  convert -size 32x48 xc:'graya(25%,1)' -size 32x48 xc:'graya(0%,0.5)' +append \
    -strip -define png:color-type=4 "$@"
}
greyalpha -depth 8 grey-alpha.png
greyalpha -depth 16 grey-alpha16.png
# RGBA: opaque red left half, fully transparent right half (must come out white).
convert -size 64x48 xc:none -fill red -draw 'rectangle 0,0 31,47' -strip png32:rgba.png
convert -size 1x1 xc:lime -strip png24:one-pixel.png
convert -size 1x1 xc:lime -strip -quality 95 one-pixel.jpg
quadrants -strip bmp3:image.bmp
quadrants -strip -quality 90 lossy.webp
quadrants -strip -define webp:lossless=true lossless.webp
# Two frames: red first, blue second; the loader must return the red one.
convert -size 64x48 xc:red xc:blue -delay 10 -loop 0 -strip animated.gif

# --- EXIF orientation: the marker is in the stored top-left corner ---
marker -strip -quality 95 /tmp/candor-marker.jpg
marker -strip png24:/tmp/candor-marker.png

# --- headers crafted byte by byte ---
python3 - <<'PY'
import struct, zlib

def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

def png(width, height, rows_to_store):
    # 8-bit grey, no interlace; IDAT holds only the first rows: the header is what matters.
    ihdr = struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0)
    raw = (b'\x00' + b'\x80' * width) * rows_to_store
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr)
            + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

open('bomb.png', 'wb').write(png(30000, 30000, 1))     # 900 megapixels declared
open('long-side.png', 'wb').write(png(25000, 16, 16))  # 400 000 pixels, but 25000 wide

def exif_app1(orientation):
    # Big-endian TIFF header, IFD0 with one entry: Orientation (0x0112), SHORT, count 1.
    tiff = b'MM\x00\x2a' + struct.pack('>I', 8)
    tiff += struct.pack('>H', 1) + struct.pack('>HHIHH', 0x0112, 3, 1, orientation, 0) + struct.pack('>I', 0)
    body = b'Exif\x00\x00' + tiff
    return b'\xff\xe1' + struct.pack('>H', len(body) + 2) + body

marker_jpeg = open('/tmp/candor-marker.jpg', 'rb').read()
assert marker_jpeg[:2] == b'\xff\xd8'
for o in (6, 8):
    open(f'exif-{o}.jpg', 'wb').write(marker_jpeg[:2] + exif_app1(o) + marker_jpeg[2:])

# PNG with an eXIf chunk (PNG 1.5 extension) placed before IDAT, orientation 6.
marker_png = open('/tmp/candor-marker.png', 'rb').read()
ihdr_end = 8 + 8 + 13 + 4
tiff = exif_app1(6)[4 + 6:]
open('exif-6.png', 'wb').write(marker_png[:ihdr_end] + chunk(b'eXIf', tiff) + marker_png[ihdr_end:])

# A JPEG cut right after its start-of-scan header: complete headers, no image data.
data = open('rgb.jpg', 'rb').read()
i = 2
while True:
    marker, length = data[i + 1], struct.unpack('>H', data[i + 2:i + 4])[0]
    if marker == 0xda:
        open('truncated-after-sos.jpg', 'wb').write(data[:i + 2 + length])
        break
    i += 2 + length

# A JPEG whose SOF declares a width of zero.
data = bytearray(open('one-pixel.jpg', 'rb').read())
i = 2
while True:
    assert data[i] == 0xff
    marker, length = data[i + 1], struct.unpack('>H', data[i + 2:i + 4])[0]
    if marker in (0xc0, 0xc1, 0xc2):
        data[i + 7:i + 9] = b'\x00\x00'  # SOF: length(2) precision(1) height(2) width(2)
        break
    i += 2 + length
open('zero-width.jpg', 'wb').write(bytes(data))

# A damaged lossless WebP found by fuzzing (lossless.webp with bytes 34..40 set to 0xee): its
# 64x48 header is intact, but TwelveMonkeys 3.14.0 reads Huffman codes past the end of the data,
# treating each EOFException as zero bits, for minutes. Kept as bytes: a new libwebp would change
# lossless.webp and lose the case.
open('webp-reads-past-end.webp', 'wb').write(bytes.fromhex(
    '524946463a000000574542505650384c2d0000002f3fc00b001f201048de1f3a8df9eeeeeeeeeeeeee47640f80'
    '4880c4939ef4a4894e8ce8ff040c8bbe058fbe0100'))

# PNG signature followed by garbage.
open('garbage-after-signature.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + bytes(range(256)) * 2)
PY
rm -f /tmp/candor-marker.jpg /tmp/candor-marker.png
ls -l
du -cb ./* | tail -1
