"""Measuring lurewatch on labelled data: metrics (`metrics`), labelled inputs and PAN 2012 (`labelled`) and the
evaluation behind `lurewatch eval` (`evaluate`)."""
