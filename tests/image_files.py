"""Real-world image files, made with Pillow: what phones, agencies and designers upload.

A phone photo carries EXIF (GPS position, make, model, serial number, orientation),
XMP, a comment, an IPTC block and a Display P3 colour profile; logos are RGBA or palette
PNGs with transparency. The colour maths is the CSS Color 4 sample code (W3C), so the
expected sRGB values do not come from the code under test.
"""

import io
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, IptcImagePlugin
from PIL import Image as PILImage

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (33.0, 53.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (35.0, 30.0, 7.25),
}
DEVICE = {ExifTags.Base.Make: "Apple", ExifTags.Base.Model: "iPhone 15 Pro", ExifTags.Base.Software: "17.4.1"}
SERIAL = {ExifTags.Base.BodySerialNumber: "F17XK2P9Q0", ExifTags.Base.LensModel: "iPhone 15 Pro back camera"}
CREDIT = {ExifTags.Base.Artist: "Zainab Haidar", ExifTags.Base.Copyright: "Al Mayadeen English"}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="33,53.2N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
# IPTC IIM (record, dataset): by-line, credit, copyright notice; city and country.
IPTC_CREDIT = {(2, 80): b"Zainab Haidar", (2, 110): b"Al Mayadeen", (2, 116): b"(c) Al Mayadeen English"}
IPTC_PLACE = {(2, 90): b"Dahiyeh", (2, 101): b"Lebanon"}


def exif_block(orientation=None, *, gps=True, device=True, credit=True):
    """An EXIF block as a phone writes it (Pillow Exif)."""
    exif = PILImage.Exif()
    if device:
        exif.update(DEVICE)
        exif.get_ifd(ExifTags.IFD.Exif).update(SERIAL)
    if credit:
        exif.update(CREDIT)
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    return exif


def photoshop_iptc(datasets):
    """A JPEG APP13 segment holding IPTC ``datasets`` ({(record, dataset): bytes})."""
    iim = b"".join(struct.pack(">BBBH", 0x1C, r, d, len(v)) + v for (r, d), v in sorted(datasets.items()))
    resource = b"8BIM" + struct.pack(">HxxI", 0x0404, len(iim)) + iim + b"\x00" * (len(iim) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def phone_photo(width=1600, height=1200, *, orientation=6, color=(90, 120, 160), icc=None, fmt="JPEG"):
    """A phone photo as the sensor stored it: ``width``×``height`` pixels with a red block
    in the stored top-left corner, and everything a phone writes around it."""
    img = PILImage.new("RGB", (width, height), color)
    img.paste((230, 20, 20), (0, 0, width // 4, height // 4))
    buf = io.BytesIO()
    options = {"exif": exif_block(orientation), "icc_profile": icc or display_p3_icc(), "xmp": XMP}
    if fmt == "JPEG":
        options.update(comment=b"Samsung DeviceModel SM-S918B", extra=photoshop_iptc(IPTC_CREDIT | IPTC_PLACE))
    img.save(buf, fmt, **options)
    return buf.getvalue()


def phone_mpo():
    """A phone photo with a second picture appended (a depth or HDR gain map), both with
    GPS: what Pillow opens as MPO."""
    main = PILImage.new("RGB", (800, 600), (90, 120, 160))
    gain_map = PILImage.new("L", (400, 300), 128)
    buf = io.BytesIO()
    main.save(buf, "MPO", save_all=True, append_images=[gain_map], exif=exif_block(1))
    return buf.getvalue()


def upload(data, name="IMG_4032.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(data):
    """``data`` opened with Pillow (loaded, so its PNG text chunks are read)."""
    img = PILImage.open(io.BytesIO(data))
    img.load()
    return img


def iptc_of(img):
    return IptcImagePlugin.getiptcinfo(img) or {}


def transparent_logo(mode="RGBA", size=(600, 600)):
    """A logo PNG: an opaque red disc on a transparent background, in ``mode`` RGBA or P
    (a palette with one transparent index, as GIF-era emblems are)."""
    logo = PILImage.new("RGBA", size, (0, 0, 0, 0))
    w, h = size
    disc = PILImage.new("L", size, 0)
    disc.paste(255, (w // 4, h // 4, 3 * w // 4, 3 * h // 4))
    logo.paste((200, 0, 0, 255), mask=disc)
    buf = io.BytesIO()
    if mode == "P":
        palette = PILImage.new("P", size, 0)
        palette.putpalette([255, 255, 255, 200, 0, 0] + [0, 0, 0] * 254)
        palette.paste(1, mask=disc)
        palette.save(buf, "PNG", transparency=0)
    else:
        logo.save(buf, "PNG")
    return buf.getvalue()


# --- colour: Display P3 ---------------------------------------------------------------


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _tag_xyz(x, y, z):
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


def _tag_mluc(text):
    encoded = text.encode("utf-16-be")
    return b"mluc\x00\x00\x00\x00" + struct.pack(">II2s2sII", 1, 12, b"en", b"US", len(encoded), 28) + encoded


def display_p3_icc():
    """An ICC v4 Display P3 profile: the colorants and sRGB-shaped curves of Apple's
    ``Display P3.icc`` (the profile iPhones embed), written tag by tag."""
    # Parametric curve type 3, the sRGB transfer function: g, a, b, c, d.
    trc = b"para\x00\x00\x00\x00" + struct.pack(">Hxx", 3)
    trc += b"".join(_s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
    tags = [
        (b"desc", _tag_mluc("Display P3")),
        (b"cprt", _tag_mluc("No copyright, use freely")),
        (b"wtpt", _tag_xyz(0.96420, 1.0, 0.82491)),
        (b"rXYZ", _tag_xyz(0.51512, 0.24120, -0.00105)),
        (b"gXYZ", _tag_xyz(0.29198, 0.69225, 0.04189)),
        (b"bXYZ", _tag_xyz(0.15710, 0.06657, 0.78407)),
        (b"rTRC", trc),
        (b"gTRC", trc),
        (b"bTRC", trc),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\x00" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I4sI4s4s4s12s4s", size, b"lcms", 0x04300000, b"mntr", b"RGB ", b"XYZ ", bytes(12), b"acsp")
    header += bytes(24) + struct.pack(">I", 0) + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    header += bytes(128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


def _decode(v):
    v /= 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _encode(v):
    v = min(max(v, 0.0), 1.0)
    return round(255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055))


# CSS Color 4, sample code: linear sRGB to XYZ (D65), and XYZ (D65) to linear Display P3.
_SRGB_TO_XYZ = (
    (506752 / 1228815, 87881 / 245763, 12673 / 70218),
    (87098 / 409605, 175762 / 245763, 12673 / 175545),
    (7918 / 409605, 87881 / 737289, 1001167 / 1053270),
)
_XYZ_TO_P3 = (
    (446124 / 178915, -333277 / 357830, -72051 / 178915),
    (-14852 / 17905, 63121 / 35810, 423 / 17905),
    (11844 / 330415, -50337 / 660830, 316169 / 330415),
)


def _apply(matrix, vector):
    return [sum(m * v for m, v in zip(row, vector, strict=True)) for row in matrix]


def srgb_to_p3(rgb):
    """The Display P3 pixel values of the sRGB colour ``rgb`` (0-255 each)."""
    linear = _apply(_XYZ_TO_P3, _apply(_SRGB_TO_XYZ, [_decode(c) for c in rgb]))
    return tuple(_encode(c) for c in linear)
