package driver

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// The placeholder image is drawn here, not by the browser: it stands in
// for a page that could not be masked, so nothing of the page may take part.
const (
	glyphW, glyphH = 5, 7
	scale          = 2
	advance        = (glyphW + 1) * scale
	lineH          = (glyphH + 4) * scale
	margin         = 16
	shotW          = 800
	perLine        = (shotW - 2*margin) / advance
)

// placeholder is a PNG that says the screenshot was withheld and why, in
// capitals (the font has no lower case).
func placeholder(why string) []byte {
	lines := append([]string{"SCREENSHOT WITHHELD: SECRETS COULD NOT BE MASKED", ""}, wrap(strings.ToUpper(why), perLine)...)
	img := image.NewPaletted(image.Rect(0, 0, shotW, 2*margin+len(lines)*lineH),
		color.Palette{color.RGBA{0xfe, 0xf3, 0xc7, 0xff}, color.RGBA{0x78, 0x35, 0x0f, 0xff}})
	for i, line := range lines {
		for j, c := range line {
			g, ok := font[c]
			if !ok {
				g = font['?']
			}
			for y, row := range g {
				for x, px := range row {
					if px != '#' {
						continue
					}
					for dy := range scale {
						for dx := range scale {
							img.SetColorIndex(margin+j*advance+x*scale+dx, margin+i*lineH+y*scale+dy, 1)
						}
					}
				}
			}
		}
	}
	var b bytes.Buffer
	// Encoding an in-memory paletted image cannot fail.
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// wrap breaks s into lines of at most n characters at spaces.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if len(w) > n {
			w = w[:n] // a word longer than a line is cut, never drawn off the image
		}
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// font is a 5x7 bitmap font of the characters a reason uses.
var font = map[rune][glyphH]string{
	'A':  {" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"},
	'B':  {"#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "},
	'C':  {" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "},
	'D':  {"#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "},
	'E':  {"#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"},
	'F':  {"#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "},
	'G':  {" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"},
	'H':  {"#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"},
	'I':  {" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "},
	'J':  {"  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "},
	'K':  {"#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"},
	'L':  {"#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"},
	'M':  {"#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"},
	'N':  {"#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"},
	'O':  {" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "},
	'P':  {"#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "},
	'Q':  {" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"},
	'R':  {"#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"},
	'S':  {" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "},
	'T':  {"#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "},
	'U':  {"#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "},
	'V':  {"#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "},
	'W':  {"#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "},
	'X':  {"#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"},
	'Y':  {"#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "},
	'Z':  {"#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"},
	'0':  {" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "},
	'1':  {"  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "},
	'2':  {" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"},
	'3':  {"#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "},
	'4':  {"   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "},
	'5':  {"#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "},
	'6':  {"  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "},
	'7':  {"#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "},
	'8':  {" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "},
	'9':  {" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "},
	' ':  {"     ", "     ", "     ", "     ", "     ", "     ", "     "},
	'.':  {"     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "},
	',':  {"     ", "     ", "     ", "     ", " ##  ", "  #  ", " #   "},
	':':  {"     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     "},
	';':  {"     ", " ##  ", " ##  ", "     ", " ##  ", "  #  ", " #   "},
	'(':  {"   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # "},
	')':  {" #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   "},
	'-':  {"     ", "     ", "     ", "#####", "     ", "     ", "     "},
	'/':  {"     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     "},
	'\'': {"  #  ", "  #  ", " #   ", "     ", "     ", "     ", "     "},
	'"':  {" # # ", " # # ", "     ", "     ", "     ", "     ", "     "},
	'<':  {"   # ", "  #  ", " #   ", "#    ", " #   ", "  #  ", "   # "},
	'>':  {" #   ", "  #  ", "   # ", "    #", "   # ", "  #  ", " #   "},
	'[':  {" ### ", " #   ", " #   ", " #   ", " #   ", " #   ", " ### "},
	']':  {" ### ", "   # ", "   # ", "   # ", "   # ", "   # ", " ### "},
	'_':  {"     ", "     ", "     ", "     ", "     ", "     ", "#####"},
	'=':  {"     ", "     ", "#####", "     ", "#####", "     ", "     "},
	'%':  {"##   ", "##  #", "   # ", "  #  ", " #   ", "#  ##", "   ##"},
	'!':  {"  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "     ", "  #  "},
	'?':  {" ### ", "#   #", "    #", "   # ", "  #  ", "     ", "  #  "},
}
