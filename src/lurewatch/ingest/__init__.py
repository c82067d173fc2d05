"""Reading conversations from files: format modules, auto-detection, directories and stdin. (Being written.)"""
