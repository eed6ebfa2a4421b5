# Converts an OpenType font with CFF outlines to TrueType outlines (fontTools cu2qu, max error 1
# unit). Used for the CJK fonts of this directory: see README.md. Usage: python3 otf2ttf.py IN.otf OUT.ttf
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
src, dst = sys.argv[1], sys.argv[2]
f = TTFont(src)
order = f.getGlyphOrder()
gs = f.getGlyphSet()
glyphs = {}
for name in order:
    pen = TTGlyphPen(gs)
    gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    glyphs[name] = pen.glyph()
f["loca"] = newTable("loca")
f["glyf"] = glyf = newTable("glyf")
glyf.glyphOrder = order
glyf.glyphs = glyphs
del f["CFF "]
if "VORG" in f: del f["VORG"]
f["maxp"] = maxp = newTable("maxp")
maxp.tableVersion = 0x00010000
for a in ["maxZones","maxTwilightPoints","maxStorage","maxFunctionDefs","maxInstructionDefs","maxStackElements","maxSizeOfInstructions","maxComponentElements"]:
    setattr(maxp, a, 0)
maxp.maxZones = 1
post = f["post"]; post.formatType = 3.0
f.sfntVersion = "\000\001\000\000"
f.save(dst)
