"""The saving, loading and reporting methods of ``Network``, ``Population`` and ``Projection``.

They are mixins so that the classes keep their own modules small; the work is done in
`.saving`, `.parameters_io` and `.report`.
"""

from __future__ import annotations


class NetworkIOMixin:
    """``save``, ``load``, ``save_parameters``, ``load_parameters``, ``report`` and
    ``memory_footprint`` of ``Network``."""

    def save(self, filename, populations: bool = True, projections: bool = True) -> None:
        """Save the parameters and variables of the network in a file.

        The file also holds the connectivity, the delays, the current time and the constants.

        * ``.npz``: compressed numpy file (``np.savez_compressed``, recommended),
        * ``.mat``: MATLAB file (scipy), compressed,
        * ``.h5`` / ``.hdf5``: HDF5 file (h5py), gzip-compressed,
        * ``.gz``: gzip-compressed pickle; ``.data``, ``.txt``, ``.pkl``: pickle.

        Parameters
        ----------
        filename : str
            File name, with a relative or absolute path.
        populations : bool
            If True, the population data is saved.
        projections : bool
            If True, the projection data is saved.

        Examples
        --------
        >>> net.save('results/init.npz')
        """
        from .saving import save_network

        save_network(self, filename, populations, projections)

    def load(
        self, filename, populations: bool = True, projections: bool = True, pickle_encoding=None
    ) -> None:
        """Load parameters and variables from a file created with ``Network.save()``.

        The network must have the same populations and projections (names, sizes, models) as
        the saved one; otherwise a ``StateMismatchError`` is raised and nothing changes.

        Parameters
        ----------
        filename : str
            File name, with a relative or absolute path.
        populations : bool
            If True, the population data is loaded.
        projections : bool
            If True, the projection data is loaded.
        pickle_encoding : str, optional
            Encoding of Python 2 strings in pickle files (read without running code from them).
        """
        from .saving import load_network

        load_network(self, filename, populations, projections, pickle_encoding)

    def save_parameters(self, filename) -> None:
        """Save the global parameters of the populations and projections to a JSON file.

        Parameters
        ----------
        filename : str
            Path to the JSON file.
        """
        from .parameters_io import save_parameters

        save_parameters(self, filename)

    def load_parameters(self, filename, global_only: bool = True, verbose: bool = False) -> dict:
        """Load parameters from a JSON file written by ``save_parameters()``.

        Parameters
        ----------
        filename : str
            Path to the JSON file.
        global_only : bool
            If True, only global parameters are set; otherwise a single value is set for
            local parameters too.
        verbose : bool
            Print the old and new values of the parameters that change.

        Returns
        -------
        dict
            The ``network`` section of the file (user-defined values).
        """
        from .parameters_io import load_parameters

        return load_parameters(self, filename, global_only, verbose)

    def report(
        self,
        filename: str = "./report.tex",
        standalone: bool = True,
        gather_subprojections: bool = False,
        title=None,
        author=None,
        date=None,
    ) -> None:
        """Write a description of the network (LaTeX for ``.tex``, Markdown for ``.md``/``.qmd``).

        See ``ANNarchy.report()``.

        Parameters
        ----------
        filename : str
            Where the report is written.
        standalone : bool
            LaTeX only: a complete document (True) or a part to include.
        gather_subprojections : bool
            Group projections between the same populations, with the same target and synapse.
        title, author, date : str, optional
            Markdown only: the document header.
        """
        from .report import report

        report(self, filename, standalone, gather_subprojections, title, author, date)

    def memory_footprint(self) -> dict:
        """Bytes held by the state of each population and projection, by name.

        Projections count their connectivity (CSR arrays and delays) with their attributes.

        Returns
        -------
        dict of str to int
        """
        from .saving import memory_footprint

        return memory_footprint(self)


class PopulationIOMixin:
    """``save`` and ``load`` of ``Population``."""

    def save(self, filename) -> None:
        """Save the parameters and variables of the population into a file.

        Parameters
        ----------
        filename : str
            ``.npz`` (recommended), ``.mat``, ``.h5``, ``.gz`` or pickle (``.data``, ``.txt``).
        """
        from .saving import save_population

        save_population(self, filename)

    def load(self, filename, pickle_encoding=None) -> None:
        """Load the state saved by ``Population.save()``.

        Parameters
        ----------
        filename : str
            The file.
        pickle_encoding : str, optional
            Encoding of Python 2 strings in pickle files (read without running code from them).
        """
        from .saving import load_population

        load_population(self, filename, pickle_encoding)


class ProjectionIOMixin:
    """``save``, ``load`` and ``save_connectivity`` of ``Projection``."""

    def save(self, filename) -> None:
        """Save the connectivity and the current parameters and variables of the projection.

        Parameters
        ----------
        filename : str
            ``.npz`` (recommended), ``.mat``, ``.h5``, ``.gz`` or pickle (``.data``, ``.txt``).
        """
        from .saving import save_projection

        save_projection(self, filename)

    def load(self, filename, pickle_encoding=None) -> None:
        """Load the state saved by ``Projection.save()``.

        Parameters
        ----------
        filename : str
            The file.
        pickle_encoding : str, optional
            Encoding of Python 2 strings in pickle files (read without running code from them).
        """
        from .saving import load_projection

        load_projection(self, filename, pickle_encoding)

    def save_connectivity(self, filename) -> None:
        """Save the synapses, weights and delays, to be read back by ``from_file()``.

        Only the connectivity, the weights and the delays are saved, not the other variables
        (use ``save()`` for these).

        Parameters
        ----------
        filename : str
            ``.npz`` (recommended), ``.mat``, ``.h5``, ``.gz`` or pickle (``.data``, ``.txt``).
        """
        from ..connectors.from_file import save_connectivity

        self._csr()
        save_connectivity(self, filename)
