"""Generated avatars: a symmetric pattern drawn from a random seed, never a photo or a Gravatar lookup.

The seed is random (see `agents.services.avatar_seed_new`), so the picture says nothing about the person: no
face, no gender, no hash of an email address that could be looked up elsewhere.
"""
import hashlib
import re

SEED_PATTERN = r"[A-Za-z0-9_-]{1,64}"
_SEED_RE = re.compile(rf"^{SEED_PATTERN}$")

GRID = 5
CELL = 12
SIZE = GRID * CELL


def is_valid_seed(seed: str) -> bool:
    return bool(_SEED_RE.match(seed or ""))


def avatar_svg(seed: str) -> str:
    """A 5×5 mirrored grid in one hue on a pale background of the same hue. Same seed, same picture."""
    digest = hashlib.sha256(seed.encode()).digest()
    hue = int.from_bytes(digest[:2], "big") % 360
    fg = f"hsl({hue},55%,42%)"
    bg = f"hsl({hue},45%,92%)"
    bits = int.from_bytes(digest[2:6], "big")
    cells = []
    for row in range(GRID):
        for col in range((GRID + 1) // 2):
            if bits & 1:
                for x in {col, GRID - 1 - col}:
                    cells.append(f'<rect x="{x * CELL}" y="{row * CELL}" width="{CELL}" height="{CELL}"/>')
            bits >>= 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'role="img" aria-hidden="true"><rect width="{SIZE}" height="{SIZE}" fill="{bg}"/>'
        f'<g fill="{fg}">{"".join(cells)}</g></svg>'
    )
