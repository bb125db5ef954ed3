"""The neighbourhood council (邻里议事会): the community's places and people, its case
catalogue and cases, its surveys and facilities."""
