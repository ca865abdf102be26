import Notebook
print("notebook")
