"""nnexplain: worked, step-by-step explanations of neural-network arithmetic.

Kept free of heavy imports so that ``nnexplain --help`` starts instantly; import
``nnexplain.core`` (NumPy) or ``nnexplain.plot`` (matplotlib) where they are needed.
"""

__version__ = "0.1.0"
