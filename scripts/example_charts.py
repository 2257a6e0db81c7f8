"""Draw the two charts of the Saint-Jean-de-la-Ruelle example's état des lieux (figures/*.png).

They show figures the état des lieux states in its text and tables (Insee 2018), drawn with
Pillow so that the example needs no charting library: `python scripts/example_charts.py`.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "conventions" / "saint-jean-de-la-ruelle" / "figures"
BLUE, GREY, INK = (0x1F, 0x3A, 0x68), (0x9A, 0xA9, 0xBF), (0x33, 0x33, 0x33)
CHARTS = {
    "taux-pauvrete.png": ("Taux de pauvreté (%)", [("Commune", 23.0), ("Métropole", 15.3), ("Loiret", 13.2)]),
    "activite-femmes.png": (
        "Taux d'activité des femmes (%)",
        [("Commune", 68.4), ("Métropole", 72.3), ("Loiret", 73.2)],
    ),
}


def bars(title: str, values: list[tuple[str, float]], out: Path) -> None:
    width, height, margin = 1200, 640, 90
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 30)
    bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
    draw.text((width / 2, 40), title, fill=INK, font=bold, anchor="mm")
    top, base = 110, height - margin
    peak = max(v for _, v in values) * 1.15
    slot = (width - 2 * margin) / len(values)
    draw.line((margin, base, width - margin, base), fill=INK, width=3)
    for i, (label, value) in enumerate(values):
        x0 = margin + i * slot + slot * 0.2
        x1 = x0 + slot * 0.6
        y0 = base - (base - top) * value / peak
        draw.rectangle((x0, y0, x1, base), fill=BLUE if i == 0 else GREY)
        draw.text(((x0 + x1) / 2, y0 - 24), f"{value:.1f}".replace(".", ","), fill=INK, font=font, anchor="mm")
        draw.text(((x0 + x1) / 2, base + 36), label, fill=INK, font=font, anchor="mm")
    image.save(out, optimize=True)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, (title, values) in CHARTS.items():
        bars(title, values, OUT / name)
        print(OUT / name)
